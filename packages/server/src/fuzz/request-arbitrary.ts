import fc from 'fast-check';
import { arbitraryFromSchema, type JsonSchema, type Pools } from './json-schema-arbitrary';
import {
  hostileHeaderValue,
  hostilePathSegment,
  hostileQuery,
  hostileRawBody,
  hostileString,
  hostileValue,
} from './hostile';
import type { RouteSpec } from './routes';

export const ROLES = ['admin', 'clerk', 'citizen', 'anonymous'] as const;
export type Role = (typeof ROLES)[number];

/** One request the fuzzer sends, printable to reproduce a failure. */
export type FuzzRequest = {
  role: Role;
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string | Buffer;
  /** valid: the session's token; missing: none; bad: a forged one (the header in `headers`) */
  csrf: 'valid' | 'missing' | 'bad';
  /** what the body is, for the report */
  bodyKind: string;
};

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);

/** Open311 clients send these (form fields or query parameters); the hidden routes get them. */
const OPEN311_KEYS = [
  'api_key',
  'service_code',
  'service_request_id',
  'jurisdiction_id',
  'start_date',
  'end_date',
  'updated_after',
  'status',
  'lat',
  'long',
  'address_string',
  'description',
  'first_name',
  'last_name',
  'phone',
  'email',
  'media_url',
  'page_size',
  'page',
];

function toQueryValue(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value) ?? '';
}

/** `encodeURIComponent` without throwing on lone surrogates (they become U+FFFD, as a browser sends them). */
const encode = (s: string) =>
  encodeURIComponent(
    s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd'),
  );

function paramArbitrary(name: string, schema: JsonSchema, path: string, pools: Pools): fc.Arbitrary<string> {
  let clean: fc.Arbitrary<string>;
  if (name === 'file') {
    // /open311/v2/services/:file, /requests/:file — `name.json` or `name.xml`
    clean = fc
      .tuple(
        fc.oneof(fc.constantFrom(...pools.codes, ...pools.ids, 'x'), fc.string({ maxLength: 30 })),
        fc.constantFrom('.json', '.xml', '', '.html'),
      )
      .map(([n, ext]) => encode(n) + ext);
  } else if (name === '*') {
    clean = fc.constantFrom(
      'index.html',
      'swagger-ui.css',
      '../../package.json',
      '..%2f..%2fpackage.json',
      '%2e%2e/%2e%2e/etc/passwd',
      'static/../../../etc/passwd',
      'a/b/c/d/e/f',
    );
  } else {
    clean = arbitraryFromSchema(schema, { pools, hostility: 0 }, name).map((v) => encode(toQueryValue(v)));
    if (name === 'year') clean = fc.integer({ min: 2000, max: 2040 }).map(String);
    if (name === 'version') clean = fc.integer({ min: 0, max: 5 }).map(String);
  }
  void path;
  return fc.oneof({ weight: 4, arbitrary: clean }, { weight: 1, arbitrary: hostilePathSegment });
}

function queryArbitrary(route: RouteSpec, pools: Pools): fc.Arbitrary<string> {
  const entries = Object.entries(route.query);
  const parts: fc.Arbitrary<string | undefined>[] = entries.map(([key, { schema, required }]) => {
    const value = arbitraryFromSchema(schema, { pools, hostility: 0.3 }, key).map(
      (v) => `${encode(key)}=${encode(toQueryValue(v))}`,
    );
    return required ? value : fc.option(value, { nil: undefined, freq: 3 });
  });
  if (!route.documented)
    parts.push(
      ...OPEN311_KEYS.map((key) =>
        fc.option(
          fc
            .oneof(
              fc.string({ maxLength: 30 }),
              hostileString.filter((s) => s.length < 2000),
            )
            .map((v) => `${key}=${encode(v)}`),
          { nil: undefined, freq: 2 },
        ),
      ),
    );
  return fc
    .tuple(
      fc.tuple(...parts),
      fc.oneof({ weight: 7, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: hostileQuery }),
    )
    .map(([values, extra]) => [...values, extra].filter((v) => v !== undefined).join('&'));
}

const FILE_CONTENTS: { type: string; content: Buffer }[] = [
  { type: 'application/pdf', content: Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n') },
  { type: 'image/jpeg', content: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1]) },
  { type: 'image/png', content: Buffer.from('<html><script>alert(1)</script></html>') },
  { type: 'image/svg+xml', content: Buffer.from('<svg onload="alert(1)"/>') },
  { type: 'application/pdf', content: Buffer.alloc(0) },
  { type: 'application/zip', content: Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0]) },
  {
    type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    content: Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0, 8, 0]),
  },
  { type: 'text/csv', content: Buffer.from('code,name\n=cmd|"/C calc"!A0,<img src=x>\n') },
];

const FILE_NAMES = [
  'a.pdf',
  '../../../../etc/passwd',
  '..\\..\\windows\\win.ini',
  '/etc/shadow',
  `${'a'.repeat(1000)}.pdf`,
  'x\u0000.pdf',
  '<img src=x onerror=alert(1)>.jpg',
  '营业执照.pdf',
  '',
  '.htaccess',
];

/** A multipart body as a browser or a hostile client builds it: a `payload` JSON part and files. */
const multipartBody = fc
  .record({
    payload: fc.option(
      fc.oneof(
        fc.constant('{}'),
        hostileValue.map((v) => JSON.stringify(v) ?? ''),
        fc.string({ maxLength: 50 }),
        fc.constant('{"itemCode":"x","form":{}}'),
      ),
      { nil: undefined, freq: 5 },
    ),
    files: fc.array(
      fc.record({
        field: fc.constantFrom(
          'file',
          'photo',
          'material.licence',
          'material.__proto__',
          'payload',
          '',
          '../x',
        ),
        name: fc.constantFrom(...FILE_NAMES),
        file: fc.constantFrom(...FILE_CONTENTS),
      }),
      { maxLength: 3 },
    ),
    truncate: fc.boolean(),
    extraFields: fc.integer({ min: 0, max: 8 }),
  })
  .map(({ payload, files, truncate, extraFields }) => {
    const boundary = 'fuzzBoundary7MA4YWxkTrZu0gW';
    const chunks: Buffer[] = [];
    const part = (headers: string, body: Buffer) =>
      chunks.push(Buffer.from(`--${boundary}\r\n${headers}\r\n\r\n`), body, Buffer.from('\r\n'));
    if (payload !== undefined) part('Content-Disposition: form-data; name="payload"', Buffer.from(payload));
    for (let i = 0; i < extraFields; i++)
      part(`Content-Disposition: form-data; name="f${i}"`, Buffer.from('x'));
    for (const f of files)
      part(
        `Content-Disposition: form-data; name="${f.field}"; filename="${f.name}"\r\nContent-Type: ${f.file.type}`,
        f.file.content,
      );
    chunks.push(Buffer.from(`--${boundary}--\r\n`));
    let body = Buffer.concat(chunks);
    if (truncate) body = body.subarray(0, Math.floor(body.length / 2));
    return { contentType: `multipart/form-data; boundary=${boundary}`, body };
  });

const formBody = fc
  .array(
    fc.tuple(
      fc.constantFrom(...OPEN311_KEYS, '__proto__[x]', 'constructor'),
      fc.oneof(
        fc.string({ maxLength: 40 }),
        hostileString.filter((s) => s.length < 5000),
      ),
    ),
    { maxLength: 12 },
  )
  .map((pairs) => ({
    contentType: 'application/x-www-form-urlencoded',
    body: pairs.map(([k, v]) => `${encode(k)}=${encode(v)}`).join('&'),
  }));

const json = (value: unknown) => ({ contentType: 'application/json', body: JSON.stringify(value) ?? 'null' });

function bodyArbitrary(
  route: RouteSpec,
  pools: Pools,
): fc.Arbitrary<{ kind: string; contentType: string | undefined; body: string | Buffer } | undefined> {
  if (!BODY_METHODS.has(route.method)) return fc.constant(undefined);
  const tag =
    (kind: string) =>
    <T extends { contentType: string | undefined; body: string | Buffer }>(b: T) => ({ kind, ...b });
  const variants: fc.WeightedArbitrary<{
    kind: string;
    contentType: string | undefined;
    body: string | Buffer;
  }>[] = [
    { weight: 2, arbitrary: hostileValue.map(json).map(tag('hostile-json')) },
    { weight: 2, arbitrary: hostileRawBody.map(tag('raw')) },
    { weight: route.body ? 1 : 4, arbitrary: multipartBody.map(tag('multipart')) },
    { weight: route.documented ? 1 : 4, arbitrary: formBody.map(tag('form')) },
  ];
  if (route.body) {
    variants.push(
      {
        weight: 4,
        arbitrary: arbitraryFromSchema(route.body, { pools, hostility: 0 }).map(json).map(tag('schema')),
      },
      {
        weight: 6,
        arbitrary: arbitraryFromSchema(route.body, { pools, hostility: 0.3 })
          .map(json)
          .map(tag('schema+hostile')),
      },
    );
  } else {
    variants.push({
      weight: 2,
      arbitrary: fc.constant({ contentType: undefined, body: '' }).map(tag('empty')),
    });
  }
  return fc.oneof(...variants);
}

/** Headers every route reads or logs; hostile values here still let the request reach its handler. */
const benignHeaders = fc
  .record(
    {
      'accept-language': fc.oneof(fc.constantFrom('zh-CN', 'en', '*'), hostileHeaderValue),
      'x-request-id': hostileHeaderValue,
      'x-forwarded-for': fc.constantFrom('127.0.0.1, 10.0.0.1', '::1', 'not-an-ip', "' OR 1=1"),
      accept: fc.constantFrom('application/xml', 'text/html', '*/*', 'application/json;q=0'),
    },
    { requiredKeys: [] },
  )
  .map(
    (h) => Object.fromEntries(Object.entries(h).filter(([, v]) => v !== undefined)) as Record<string, string>,
  );

/** Forged credentials: an API key, a bearer token, a session cookie (the anonymous caller's only). */
const credentialHeaders = fc.oneof(
  hostileHeaderValue.map((v) => ({ 'x-api-key': v })),
  hostileHeaderValue.map((v) => ({ authorization: `Bearer yk_${v}` })),
  hostileHeaderValue.map((v) => ({ cookie: `yw_session=${v}` })),
);

const headersArbitrary: fc.Arbitrary<Record<string, string>> = fc.oneof(
  { weight: 12, arbitrary: fc.constant({}) },
  { weight: 4, arbitrary: benignHeaders },
  { weight: 1, arbitrary: credentialHeaders },
);

/** Every request the fuzzer may send to one route: schema-derived, with hostility at any position. */
export function requestArbitrary(route: RouteSpec, pools: Pools): fc.Arbitrary<FuzzRequest> {
  const paramNames = [...(route.path.match(/:(\w+)|\*/g) ?? [])].map((p) => (p === '*' ? '*' : p.slice(1)));
  const params = fc.tuple(
    ...paramNames.map((name) =>
      paramArbitrary(name, route.params[name] ?? { type: 'string' }, route.path, pools),
    ),
  );
  return fc
    .record({
      role: fc.constantFrom(...ROLES),
      params,
      query: queryArbitrary(route, pools),
      body: bodyArbitrary(route, pools),
      headers: headersArbitrary,
      csrf: fc.oneof(
        { weight: 14, arbitrary: fc.constant('valid' as const) },
        { weight: 1, arbitrary: fc.constantFrom('missing' as const, 'bad' as const) },
      ),
    })
    .map(({ role, params: values, query, body, headers, csrf }) => {
      let i = 0;
      const path = route.path.replace(/:(\w+)|\*/g, () => values[i++] ?? '');
      const allHeaders: Record<string, string> = { ...headers };
      if (body?.contentType) allHeaders['content-type'] = body.contentType;
      if (csrf === 'bad') allHeaders['x-csrf-token'] = 'forged.token';
      return {
        role,
        method: route.method,
        url: query ? `${path}?${query}` : path,
        headers: allHeaders,
        ...(body ? { payload: body.body } : {}),
        csrf: csrf as FuzzRequest['csrf'],
        bodyKind: body?.kind ?? 'none',
      };
    });
}
