import type { LocalizedText } from '@yiwang/domain';

/** One field at fault in a request. */
export type FieldError = { field: string } & LocalizedText;

/** The stable problem types of the API; each is documented at `/api/docs` under its name. */
export const PROBLEM_TYPES = {
  validation: 400,
  'bad-json': 400,
  unauthenticated: 401,
  'bad-credentials': 401,
  forbidden: 403,
  'csrf-token': 403,
  'not-found': 404,
  'method-not-allowed': 405,
  conflict: 409,
  'stale-version': 409,
  'payload-too-large': 413,
  'unsupported-media-type': 415,
  'too-many-requests': 429,
  internal: 500,
  unavailable: 503,
} as const;
export type ProblemType = keyof typeof PROBLEM_TYPES;

/**
 * An RFC 9457 problem: thrown anywhere, turned into `application/problem+json` by the
 * error handler with a stable `type`, Chinese and English text and the fields at fault.
 *
 * @example
 * throw new Problem('conflict', { zh: '用户名已存在', en: 'the username is taken' }, [
 *   { field: 'username', zh: '用户名已存在', en: 'the username is taken' },
 * ]);
 */
export class Problem extends Error {
  readonly status: number;
  constructor(
    readonly type: ProblemType,
    readonly text: LocalizedText,
    readonly errors: FieldError[] = [],
    readonly headers: Record<string, string> = {},
  ) {
    super(text.en);
    this.status = PROBLEM_TYPES[type];
  }
}

export const problemTypeUri = (type: ProblemType) => `https://yiwang.dev/problems/${type}`;

export type ProblemBody = {
  type: string;
  title: string;
  status: number;
  detail: string;
  zh: string;
  en: string;
  instance?: string;
  errors?: FieldError[];
};

export function problemBody(problem: Problem, instance?: string): ProblemBody {
  return {
    type: problemTypeUri(problem.type),
    title: problem.type,
    status: problem.status,
    detail: problem.text.en,
    zh: problem.text.zh,
    en: problem.text.en,
    ...(instance ? { instance } : {}),
    ...(problem.errors.length ? { errors: problem.errors } : {}),
  };
}

export const notFound = (what: LocalizedText = { zh: '资源', en: 'resource' }) =>
  new Problem('not-found', { zh: `${what.zh}不存在`, en: `${what.en} not found` });

export const forbidden = () =>
  new Problem('forbidden', { zh: '无权执行此操作', en: 'you are not allowed to do this' });

export const unauthenticated = () =>
  new Problem('unauthenticated', { zh: '请先登录', en: 'please sign in first' });

export const fieldProblem = (type: ProblemType, field: string, text: LocalizedText) =>
  new Problem(type, text, [{ field, ...text }]);
