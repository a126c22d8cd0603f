/** Pure helpers of the application pages: merged forms and materials, payloads, drafts, file checks. */
import type { Lang } from '../../i18n/messages';
import type {
  ApplicationPayload,
  CatalogueBundle,
  CatalogueField,
  CatalogueItem,
  CatalogueMaterial,
  WalletLicense,
} from './types';

/** A bundle's one form: every item's fields, the first of each key kept. */
export function mergeFields(items: readonly CatalogueItem[]): CatalogueField[] {
  const seen = new Map<string, CatalogueField>();
  for (const it of items) {
    for (const f of it.definition.form.fields) {
      const had = seen.get(f.key);
      if (!had) seen.set(f.key, f);
      else if (f.required && !had.required) seen.set(f.key, { ...had, required: true });
    }
  }
  return [...seen.values()];
}

/**
 * A bundle's one material list, deduplicated by key: required when any item requires it, tolerable
 * only when every item that requires it tolerates it.
 */
export function mergeMaterials(items: readonly CatalogueItem[]): CatalogueMaterial[] {
  const seen = new Map<string, CatalogueMaterial>();
  for (const it of items) {
    for (const m of it.definition.materials) {
      const had = seen.get(m.key);
      if (!had) {
        seen.set(m.key, { ...m });
        continue;
      }
      const required = had.required || m.required;
      const tolerable =
        required &&
        (had.required ? had.tolerable === true : true) &&
        (m.required ? m.tolerable === true : true);
      seen.set(m.key, { ...had, required, tolerable: tolerable || undefined });
    }
  }
  return [...seen.values()];
}

export interface PlannedMaterial extends CatalogueMaterial {
  /** The wallet licence that fills an `elicense` material, when the applicant holds a valid one. */
  license?: WalletLicense;
  /**
   * 证照联办: another item of the same bundle issues this licence, so it is not asked for — the server
   * links it once issued (the material is recorded with source 'district').
   */
  issuedInBundle?: boolean;
}

/**
 * Whether another item of `items` issues the licence an e-licence material asks for (an item that
 * issues the very licence it asks for — a change or renewal — does not count).
 */
export function issuedInBundle(m: CatalogueMaterial, items: readonly CatalogueItem[]): boolean {
  if (m.source !== 'elicense' || !m.licenseType) return false;
  const askers = items.filter((i) => i.definition.materials.some((x) => x.key === m.key));
  return items.some((i) => i.definition.issuesLicenseType === m.licenseType && askers.some((a) => a !== i));
}

/**
 * Which wallet licence fills each e-licence material (valid ones only; the first of its type); without
 * one, whether another item of the bundle issues it.
 */
export function planMaterials(
  materials: readonly CatalogueMaterial[],
  wallet: readonly WalletLicense[] | undefined,
  items: readonly CatalogueItem[] = [],
): PlannedMaterial[] {
  return materials.map((m) => {
    if (m.source !== 'elicense' || !m.licenseType) return m;
    const license = wallet?.find((l) => l.typeCode === m.licenseType && l.status === 'valid');
    if (license) return { ...m, license };
    return issuedInBundle(m, items) ? { ...m, issuedInBundle: true } : m;
  });
}

/** Materials the applicant has to upload: the ones the district does not already hold. */
export const uploadMaterials = (plan: readonly PlannedMaterial[]): PlannedMaterial[] =>
  plan.filter((m) => m.source === 'upload');

export const MAX_FILE_BYTES = 10 * 1024 * 1024;
const ALLOWED_TYPES = new Set(['application/pdf', 'image/jpeg', 'image/png']);
const ALLOWED_EXT = /\.(pdf|jpe?g|png)$/i;

export type FileProblem = 'badType' | 'tooLarge';

/**
 * What is wrong with a chosen file before it is sent (the server checks the content again).
 * @example fileProblem({ name: 'a.pdf', type: 'application/pdf', size: 1024 }) // undefined
 */
export function fileProblem(file: { name: string; type: string; size: number }): FileProblem | undefined {
  const typeOk = file.type ? ALLOWED_TYPES.has(file.type) : ALLOWED_EXT.test(file.name);
  if (!typeOk || !ALLOWED_EXT.test(file.name)) return 'badType';
  if (file.size > MAX_FILE_BYTES) return 'tooLarge';
  return undefined;
}

/** `dayjs`-like values (what antd's DatePicker gives) and anything with a `format`. */
interface DateLike {
  format(template: string): string;
}
const isDateLike = (v: unknown): v is DateLike =>
  typeof v === 'object' && v !== null && typeof (v as { format?: unknown }).format === 'function';

/** Form values as the server takes them: dates as YYYY-MM-DD, strings trimmed, empty fields left out. */
export function formValuesForServer(
  fields: readonly CatalogueField[],
  values: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    const v = values[f.key];
    if (v === undefined || v === null || v === '') continue;
    if (f.type === 'date') out[f.key] = isDateLike(v) ? v.format('YYYY-MM-DD') : String(v);
    else if (f.type === 'number') out[f.key] = typeof v === 'number' ? v : Number(v);
    else if (f.type === 'idNumber' || f.type === 'creditCode') out[f.key] = String(v).trim().toUpperCase();
    else out[f.key] = typeof v === 'string' ? v.trim() : v;
  }
  return out;
}

export const DRAFT_PREFIX = 'yiwang.draft.';
export const draftKey = (kind: 'item' | 'bundle', code: string, userId: string): string =>
  `${DRAFT_PREFIX}${userId}.${kind}.${code}`;

export interface Draft {
  form: Record<string, unknown>;
  pledge?: boolean;
  tolerated?: string[];
  savedAt: string;
}

/** A draft as stored: form values for the server (dates as strings); files cannot be kept. */
export function serialiseDraft(
  fields: readonly CatalogueField[],
  values: Record<string, unknown>,
  extra: { pledge?: boolean; tolerated?: string[] },
  now: Date = new Date(),
): string {
  const draft: Draft = { form: formValuesForServer(fields, values), ...extra, savedAt: now.toISOString() };
  return JSON.stringify(draft);
}

/** A stored draft, or undefined when there is none or it does not parse. Dates stay strings here. */
export function parseDraft(text: string | null | undefined): Draft | undefined {
  if (!text) return undefined;
  try {
    const v: unknown = JSON.parse(text);
    if (typeof v !== 'object' || v === null) return undefined;
    const rec = v as Record<string, unknown>;
    if (typeof rec.form !== 'object' || rec.form === null || Array.isArray(rec.form)) return undefined;
    return {
      form: rec.form as Record<string, unknown>,
      pledge: rec.pledge === true,
      tolerated: Array.isArray(rec.tolerated) ? rec.tolerated.filter((k) => typeof k === 'string') : [],
      savedAt: typeof rec.savedAt === 'string' ? rec.savedAt : '',
    };
  } catch {
    return undefined;
  }
}

/** The multipart body of POST /api/applications (and of supplyCorrection): `payload` + `material.<key>`. */
export function applicationFormData(
  payload: unknown,
  files: Record<string, File | Blob | undefined>,
): FormData {
  const fd = new FormData();
  fd.append('payload', JSON.stringify(payload));
  for (const [key, file] of Object.entries(files)) {
    if (!file) continue;
    fd.append(`material.${key}`, file, 'name' in file ? file.name : key);
  }
  return fd;
}

/** Which required uploads are neither attached nor tolerated. */
export function missingUploads(
  plan: readonly PlannedMaterial[],
  files: Record<string, unknown>,
  tolerated: readonly string[],
): PlannedMaterial[] {
  return uploadMaterials(plan).filter((m) => m.required && !files[m.key] && !tolerated.includes(m.key));
}

export function buildPayload(input: {
  target: { kind: 'item' | 'bundle'; code: string };
  fields: readonly CatalogueField[];
  values: Record<string, unknown>;
  channel: ApplicationPayload['channel'];
  pledgeAllowed: boolean;
  pledge: boolean;
  toleranceAllowed: boolean;
  tolerated: readonly string[];
  plan: readonly PlannedMaterial[];
  files: Record<string, unknown>;
  applicant?: ApplicationPayload['applicant'];
  remoteConsultation?: string;
}): ApplicationPayload {
  const p: ApplicationPayload = {
    ...(input.target.kind === 'item' ? { itemCode: input.target.code } : { bundleCode: input.target.code }),
    form: formValuesForServer(input.fields, input.values),
    channel: input.channel,
  };
  if (input.applicant) p.applicant = input.applicant;
  if (input.pledgeAllowed && input.pledge) p.pledge = true;
  if (input.toleranceAllowed) {
    const tolerable = new Set(input.plan.filter((m) => m.tolerable).map((m) => m.key));
    const tolerated = input.tolerated.filter((k) => tolerable.has(k) && !input.files[k]);
    if (tolerated.length) p.tolerated = tolerated;
  }
  if (input.channel === 'station' && input.remoteConsultation?.trim())
    p.remoteConsultation = input.remoteConsultation.trim();
  return p;
}

/** Shanghai calendar date of an ISO instant: 2026-03-04. */
export function shanghaiDate(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** A field's label in the user's language. */
export const fieldLabel = (f: CatalogueField, lang: Lang): string => f.label[lang] || f.label.zh;

/** A wallet licence type's name, whichever shape the server sends. */
export function licenseTypeName(l: WalletLicense | undefined, lang: Lang): string | undefined {
  if (!l?.typeName) return undefined;
  return typeof l.typeName === 'string' ? l.typeName : l.typeName[lang];
}

/** The latest comment of an action in a case's log (the 补正 request a citizen answers). */
export function latestComment(
  actions: readonly { seq: number; action: string; comment?: string }[],
  action: string,
): string | undefined {
  return [...actions].sort((a, b) => b.seq - a.seq).find((a) => a.action === action)?.comment;
}

/** Urgency of a running deadline at `now`: amber from warnAt, red from the deadline. */
export function urgencyAt(
  sla: { kind: string; deadline?: string; warnAt?: string },
  now: Date,
): 'normal' | 'warning' | 'overdue' | 'none' {
  if (sla.kind !== 'running' || !sla.deadline) return 'none';
  const t = now.getTime();
  if (t >= new Date(sla.deadline).getTime()) return 'overdue';
  if (sla.warnAt && t >= new Date(sla.warnAt).getTime()) return 'warning';
  return 'normal';
}

/** A bundle's name and description, whichever shape the server sent. */
export function bundleInfo(b: CatalogueBundle, lang: Lang): { name: string; description?: string } {
  const d = b.definition ?? b;
  const name = (lang === 'en' && d.nameEn) || d.name || b.code;
  return d.description ? { name, description: d.description } : { name };
}
