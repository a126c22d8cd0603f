import type { FormRule } from 'antd';
import { creditCodeProblem, idNumberProblem, isMobilePhone } from '../../lib/id-number';
import type { MessageKey } from '../../i18n/messages';

type T = (key: MessageKey, vars?: Record<string, string | number>) => string;

/** The password length the server asks for. */
export const MIN_PASSWORD = 8;

export const requiredRule = (t: T, field: MessageKey): FormRule => ({
  required: true,
  whitespace: true,
  message: t('common.required', { field: t(field) }),
});

/** GB 11643 as the server checks it; the wording of the check-digit message is the server's. */
export const idNumberRule = (t: T): FormRule => ({
  validator: async (_rule, value: unknown) => {
    if (typeof value !== 'string' || value.trim() === '') return;
    const problem = idNumberProblem(value);
    if (problem) throw new Error(t(`id.${problem}`));
  },
});

export const creditCodeRule = (t: T): FormRule => ({
  validator: async (_rule, value: unknown) => {
    if (typeof value !== 'string' || value.trim() === '') return;
    const problem = creditCodeProblem(value);
    if (problem) throw new Error(t(`credit.${problem}`));
  },
});

export const phoneRule = (t: T): FormRule => ({
  validator: async (_rule, value: unknown) => {
    if (typeof value !== 'string' || value.trim() === '') return;
    if (!isMobilePhone(value)) throw new Error(t('auth.phoneInvalid'));
  },
});

export const passwordRule = (t: T): FormRule => ({ min: MIN_PASSWORD, message: t('auth.passwordTooShort') });

/** Upper-cases the X of an ID number and trims what was pasted. */
export const normaliseId = (v: unknown): unknown => (typeof v === 'string' ? v.trim().toUpperCase() : v);
