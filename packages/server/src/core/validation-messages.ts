import type { z } from 'zod';
import type { LocalizedText } from '@yiwang/domain';
import { Problem, type FieldError } from './problem';

type Issue = {
  instancePath?: string;
  keyword?: string;
  message?: string;
  params?: Record<string, unknown>;
};

/** Turn a schema-validation issue (zod, through Fastify) into a field error in Chinese and English. */
export function fieldErrorOf(issue: Issue, part: string): FieldError {
  const path = (issue.instancePath ?? '').replace(/^\//, '').replaceAll('/', '.');
  const field = path || part;
  const params = issue.params ?? {};
  const custom = params.params as Partial<LocalizedText> | undefined;
  if (custom?.zh && custom.en) return { field, zh: custom.zh, en: custom.en };
  return { field, ...describe(issue.keyword ?? '', params, field) };
}

function describe(code: string, p: Record<string, unknown>, field: string): LocalizedText {
  switch (code) {
    case 'invalid_type':
      return p.input === undefined
        ? { zh: `缺少必填项 ${field}`, en: `${field} is required` }
        : {
            zh: `${field} 的类型不正确（应为 ${String(p.expected)}）`,
            en: `${field} must be ${String(p.expected)}`,
          };
    case 'too_small':
      return p.origin === 'string'
        ? {
            zh: `${field} 至少 ${String(p.minimum)} 个字符`,
            en: `${field} must have at least ${String(p.minimum)} characters`,
          }
        : {
            zh: `${field} 不能小于 ${String(p.minimum)}`,
            en: `${field} must be at least ${String(p.minimum)}`,
          };
    case 'too_big':
      return p.origin === 'string'
        ? {
            zh: `${field} 最多 ${String(p.maximum)} 个字符`,
            en: `${field} must have at most ${String(p.maximum)} characters`,
          }
        : {
            zh: `${field} 不能大于 ${String(p.maximum)}`,
            en: `${field} must be at most ${String(p.maximum)}`,
          };
    case 'invalid_format':
      return { zh: `${field} 的格式不正确`, en: `${field} has the wrong format` };
    case 'invalid_value':
      return {
        zh: `${field} 的取值不在允许范围内`,
        en: `${field} must be one of ${Array.isArray(p.values) ? p.values.join(', ') : 'the allowed values'}`,
      };
    case 'unrecognized_keys':
      return {
        zh: `不允许的字段：${Array.isArray(p.keys) ? p.keys.join(', ') : ''}`,
        en: `unknown fields: ${Array.isArray(p.keys) ? p.keys.join(', ') : ''}`,
      };
    default:
      return { zh: `${field} 不正确`, en: `${field} is invalid` };
  }
}

/**
 * Parse a value with a zod schema outside Fastify's validation (a multipart part, a stored
 * document), turning its issues into the same 400 problem with fields named.
 */
export function parseOrProblem<T>(schema: z.ZodType<T>, value: unknown, prefix = ''): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new Problem(
    'validation',
    { zh: '提交的内容有误，请检查标出的字段', en: 'the request has invalid fields' },
    result.error.issues.map((issue) => {
      const { path, code, message, ...params } = issue as unknown as {
        path: PropertyKey[];
        code: string;
        message: string;
      } & Record<string, unknown>;
      return fieldErrorOf(
        {
          instancePath: `/${[prefix, ...path.map(String)].filter(Boolean).join('/')}`,
          keyword: code,
          message,
          params,
        },
        prefix || 'body',
      );
    }),
  );
}
