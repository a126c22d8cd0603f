/** RFC 9457 problem details as the server sends them, with a Chinese and an English message. */
export type Lang = 'zh' | 'en';

export interface FieldProblem {
  /** Field at fault, e.g. `idNumber`; a nested field is dotted: `legalRep.idNumber`. */
  field: string;
  zh: string;
  en: string;
}

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail?: string;
  zh: string;
  en: string;
  errors: FieldProblem[];
}

const FALLBACK: Record<number, { zh: string; en: string }> = {
  0: { zh: '网络连接失败，请稍后重试', en: 'Network error, please try again' },
  400: { zh: '提交的内容有误', en: 'The request is invalid' },
  401: { zh: '请先登录', en: 'Please sign in' },
  403: { zh: '没有权限访问', en: 'You do not have permission' },
  404: { zh: '未找到', en: 'Not found' },
  409: { zh: '与现有数据冲突', en: 'Conflicts with existing data' },
  429: { zh: '请求过于频繁，请稍后再试', en: 'Too many requests, please try later' },
};

function fallbackFor(status: number): { zh: string; en: string } {
  return (
    FALLBACK[status] ??
    (status >= 500
      ? { zh: `服务器错误（HTTP ${status}）`, en: `Server error (HTTP ${status})` }
      : { zh: `请求失败（HTTP ${status}）`, en: `Request failed (HTTP ${status})` })
  );
}

/** An API call that did not succeed; `text(lang)` is what the user reads. */
export class ApiError extends Error {
  readonly status: number;
  readonly type: string;
  readonly title: string;
  readonly detail: string | undefined;
  readonly zh: string;
  readonly en: string;
  readonly errors: FieldProblem[];

  constructor(problem: ProblemBody) {
    super(problem.en);
    this.name = 'ApiError';
    this.status = problem.status;
    this.type = problem.type;
    this.title = problem.title;
    this.detail = problem.detail;
    this.zh = problem.zh;
    this.en = problem.en;
    this.errors = problem.errors;
  }

  text(lang: Lang): string {
    return lang === 'zh' ? this.zh : this.en;
  }
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);

function toFieldProblems(v: unknown): FieldProblem[] {
  if (!Array.isArray(v)) return [];
  const out: FieldProblem[] = [];
  for (const item of v) {
    if (typeof item !== 'object' || item === null) continue;
    const rec = item as Record<string, unknown>;
    const field = str(rec.field);
    if (!field) continue;
    const zh = str(rec.zh) ?? str(rec.message) ?? str(rec.en) ?? '';
    const en = str(rec.en) ?? str(rec.message) ?? zh;
    out.push({ field, zh, en });
  }
  return out;
}

/**
 * Turns any failed response into an ApiError; tolerant of bodies that are not problem+json.
 * @example parseProblem(400, '{"zh":"身份证号码校验位不正确","en":"Bad check digit"}').zh // '身份证号码校验位不正确'
 */
export function parseProblem(status: number, body: string): ApiError {
  const fallback = fallbackFor(status);
  let rec: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
      rec = parsed as Record<string, unknown>;
    }
  } catch {
    // Not JSON (a proxy's HTML page, an empty body): the fallback text stands.
  }
  const detail = str(rec.detail);
  const title = str(rec.title) ?? fallback.en;
  return new ApiError({
    type: str(rec.type) ?? 'about:blank',
    title,
    status: typeof rec.status === 'number' ? rec.status : status,
    detail,
    zh: str(rec.zh) ?? fallback.zh,
    en: str(rec.en) ?? detail ?? str(rec.title) ?? fallback.en,
    errors: toFieldProblems(rec.errors),
  });
}

export function networkError(): ApiError {
  const fb = fallbackFor(0);
  return new ApiError({ type: 'about:blank', title: fb.en, status: 0, zh: fb.zh, en: fb.en, errors: [] });
}

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError;
}

/** The message of any thrown value in the user's language. */
export function errorText(e: unknown, lang: Lang): string {
  if (isApiError(e)) return e.text(lang);
  return lang === 'zh' ? '发生未知错误' : 'Something went wrong';
}

/**
 * Field errors in the shape `form.setFields` takes; a dotted field becomes a name path.
 * @example fieldErrors(err, 'zh') // [{ name: ['idNumber'], errors: ['身份证号码校验位不正确'] }]
 */
export function fieldErrors(e: unknown, lang: Lang): { name: string[]; errors: string[] }[] {
  if (!isApiError(e)) return [];
  const byField = new Map<string, string[]>();
  for (const f of e.errors) {
    const list = byField.get(f.field) ?? [];
    list.push(lang === 'zh' ? f.zh : f.en);
    byField.set(f.field, list);
  }
  return [...byField].map(([field, errors]) => ({ name: field.split('.'), errors }));
}
