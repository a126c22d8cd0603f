import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { Problem, problemBody } from './problem';
import { fieldErrorOf } from './validation-messages';
import { redactText } from './log-redaction';

/**
 * PostgreSQL going away or refusing connections: admin shutdown, crash shutdown, starting up, too many
 * clients, a statement cancelled by `statement_timeout` (a database too slow to answer).
 */
const PG_UNAVAILABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  '57P01',
  '57P02',
  '57P03',
  '57014',
  '53300',
  'ETIMEDOUT',
]);
/**
 * pg reports a connection cut mid-query (the server died), and pg-pool a connection it could not
 * get within `connectionTimeoutMillis`, with these messages and no code.
 */
const PG_CONNECTION_LOST =
  /^(Connection terminated( unexpectedly| due to connection timeout)?|Client has encountered a connection error and is not queryable|timeout exceeded when trying to connect)$/;

/**
 * True when `error` says the database is unreachable or too slow right now (worth retrying later),
 * not that the request or the data is wrong. Such errors become 503 with `Retry-After`.
 *
 * @example
 * if (isDatabaseUnavailable(error)) await sleep(1000); // and try again
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown } | null;
  if (!e || typeof e !== 'object') return false;
  if (typeof e.code === 'string') return PG_UNAVAILABLE.has(e.code);
  return typeof e.message === 'string' && PG_CONNECTION_LOST.test(e.message);
}

/**
 * PostgreSQL refusing a value the request carried: 22xxx data exceptions (22P02 bad text for a
 * type, 22001 too long, 22003 out of range, 22007/22008 bad or out-of-range date, 22021 a byte
 * sequence UTF-8 cannot hold — a NUL), 23502/23503/23514 not-null, foreign-key and check
 * violations, 54000 a value too large for an index row.
 */
const PG_BAD_VALUE = /^(22[0-9A-Z]{3}|23502|23503|23514|54000)$/;
/** busboy (under @fastify/multipart) reports a cut-off or malformed multipart body with these messages and no code. */
const MULTIPART_MALFORMED =
  /^(Unexpected end of multipart data|Multipart: Boundary not found|Boundary required|\w+ terminated early due to unexpected end of multipart data|Malformed part header)$/;

/** The field PostgreSQL names (a column for not-null and some check violations), or the body. */
function badValueProblem(e: { code?: string; column?: string; constraint?: string }): Problem {
  const field = e.column ?? 'body';
  const text =
    e.code === '22001' || e.code === '54000'
      ? { zh: `${field} 过长`, en: `${field} is too long` }
      : e.code === '22003' || e.code === '22008'
        ? { zh: `${field} 超出允许范围`, en: `${field} is out of range` }
        : e.code === '23503'
          ? { zh: `${field} 引用的记录不存在`, en: `${field} refers to a record that does not exist` }
          : e.code === '23502'
            ? { zh: `缺少必填项 ${field}`, en: `${field} is required` }
            : { zh: `${field} 的值无效`, en: `${field} holds an invalid value` };
  return new Problem('validation', { zh: '提交的数据无效', en: 'the request holds an invalid value' }, [
    { field, ...text },
  ]);
}

/** Map anything thrown to an RFC 9457 problem; only a real fault becomes a 5xx. */
export function toProblem(error: unknown): Problem {
  if (error instanceof Problem) return error;
  const e = error as FastifyError & {
    code?: string;
    statusCode?: number;
    validationContext?: string;
    column?: string;
  };
  if (hasZodFastifySchemaValidationErrors(e)) {
    const part = e.validationContext ?? 'body';
    return new Problem(
      'validation',
      { zh: '提交的内容有误，请检查标出的字段', en: 'the request has invalid fields' },
      e.validation.map((issue) => fieldErrorOf(issue, part)),
    );
  }
  switch (e.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new Problem(
        'bad-json',
        { zh: '请求体不是有效的 JSON', en: 'the request body is not valid JSON' },
        [{ field: 'body', zh: '请求体不是有效的 JSON', en: 'the request body is not valid JSON' }],
      );
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new Problem('payload-too-large', { zh: '请求体过大', en: 'the request body is too large' });
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new Problem('unsupported-media-type', {
        zh: '不支持的内容类型，请以 application/json 提交',
        en: 'unsupported content type: send application/json',
      });
    case 'FST_ERR_CTP_INVALID_TYPE':
      return new Problem('unsupported-media-type', { zh: '内容类型无效', en: 'invalid content type' });
    case 'FST_ERR_BAD_URL':
      return new Problem(
        'validation',
        { zh: '网址无效（百分号编码有误）', en: 'the URL is not valid (bad percent-encoding)' },
        [
          {
            field: 'path',
            zh: '网址中的路径参数编码有误',
            en: 'a path parameter is not validly percent-encoded',
          },
        ],
      );
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return new Problem('validation', { zh: '网址中的路径参数过长', en: 'a path parameter is too long' }, [
        {
          field: 'path',
          zh: '路径参数最多 200 个字符',
          en: 'a path parameter must have at most 200 characters',
        },
      ]);
    case 'FST_ERR_RATE_LIMIT_EXCEEDED':
      return new Problem('too-many-requests', {
        zh: '请求过于频繁，请稍后再试',
        en: 'too many requests: try again later',
      });
  }
  if (e.code === '23505') {
    return new Problem('conflict', { zh: '与已有记录冲突', en: 'conflicts with an existing record' });
  }
  if (typeof e.code === 'string' && PG_BAD_VALUE.test(e.code)) return badValueProblem(e);
  if (!e.code && MULTIPART_MALFORMED.test(e.message ?? '')) {
    const text = { zh: '上传的表单数据不完整或格式错误', en: 'the multipart body is cut off or malformed' };
    return new Problem('validation', text, [{ field: 'body', ...text }]);
  }
  if (isDatabaseUnavailable(e)) {
    return new Problem(
      'unavailable',
      { zh: '服务暂时不可用，请稍后再试', en: 'the service is briefly unavailable' },
      [],
      {
        'retry-after': '5',
      },
    );
  }
  if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
    if (e.statusCode === 404) return new Problem('not-found', { zh: '资源不存在', en: 'not found' });
    if (e.statusCode === 413)
      return new Problem('payload-too-large', { zh: '请求体过大', en: 'the request body is too large' });
    if (e.statusCode === 415)
      return new Problem('unsupported-media-type', {
        zh: '不支持的内容类型',
        en: 'unsupported content type',
      });
    if (e.statusCode === 429)
      return new Problem('too-many-requests', { zh: '请求过于频繁，请稍后再试', en: 'too many requests' });
    return new Problem('validation', { zh: '请求无效', en: e.message || 'bad request' });
  }
  return new Problem('internal', { zh: '服务器内部错误', en: 'internal server error' });
}

/**
 * Fastify's `frameworkErrors` option: a URL the router cannot decode or a path parameter over
 * `maxParamLength` gets a problem+json 400 naming the path, not Fastify's own JSON.
 */
export function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const problem = toProblem(error);
  request.log.info({ problem: problem.type, status: problem.status }, 'request refused');
  void reply
    .status(problem.status)
    .type('application/problem+json; charset=utf-8')
    .send(problemBody(problem, redactText(request.url)));
}

export function installErrorHandling(app: FastifyInstance, options: { spa: boolean }) {
  // The API speaks JSON only: without Fastify's default text/plain parser, a text body is a 415, not a 400.
  app.removeContentTypeParser('text/plain');
  app.setErrorHandler((error, request, reply) => {
    const problem = toProblem(error);
    if (problem.status >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.info({ problem: problem.type, status: problem.status }, 'request refused');
    void reply
      .status(problem.status)
      .headers(problem.headers)
      .type('application/problem+json; charset=utf-8')
      .send(problemBody(problem, redactText(request.url)));
  });
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    // Client-side routes (/workbench/…, /admin/…) get the web app; unknown API paths stay problem+json 404s.
    if (
      options.spa &&
      request.method === 'GET' &&
      !/^\/(api|open311)(\/|$)/.test(path) &&
      !/\.[a-z0-9]+$/i.test(path)
    ) {
      return reply.type('text/html; charset=utf-8').sendFile('index.html');
    }
    const problem = new Problem('not-found', {
      zh: `找不到 ${request.method} ${path}`,
      en: `no route ${request.method} ${path}`,
    });
    return reply
      .status(404)
      .type('application/problem+json; charset=utf-8')
      .send(problemBody(problem, redactText(request.url)));
  });
}
