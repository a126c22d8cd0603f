import fc from 'fast-check';

/**
 * Hostile values an attacker or a broken client sends: each is mixed into schema-derived
 * requests at any position (see json-schema-arbitrary.ts) and sent raw as whole bodies.
 */

export const SQL_FRAGMENTS = [
  "' OR '1'='1",
  "'; DROP TABLE account; --",
  '1; SELECT pg_sleep(0) --',
  '" OR 1=1 --',
  "%' AND 1=1 --",
  "' UNION SELECT NULL, NULL --",
  '$1',
  '\\',
  "\\'",
  "E'\\x00'",
  '1::text',
  "'||(SELECT version())||'",
  '%_%',
] as const;

export const HTML_FRAGMENTS = [
  '<img src=x onerror=alert(1)>',
  '<script>alert(1)</script>',
  '"><svg onload=alert(1)>',
  'javascript:alert(1)',
  '{{7*7}}',
  '${7*7}',
  '<!--',
  ']]><x>&xxe;',
  '=cmd|" /C calc"!A0',
  '@SUM(1+1)',
] as const;

export const CONTROL_CHARACTERS = [
  '\u0000',
  'a\u0000b',
  '\u0001\u0002\u0003',
  '\u001b[31mred',
  '\r\n',
  '\t',
  '\u007f',
  '\u2028\u2029',
  '\ufeff',
  '\u202e',
  '\ud800',
  '\udfff\ud800',
  '\ufffd',
  '\u200b',
] as const;

/** Numbers as strings: what a form sends for "a number". */
export const NUMBER_STRINGS = [
  '-1',
  '0',
  '-0',
  '1e308',
  '-1e308',
  '1e309',
  'NaN',
  'Infinity',
  '-Infinity',
  '9999999999999999999999',
  '0x10',
  '1_000',
  '１２３',
  '٣',
  '1.5',
  ' 1 ',
  '',
] as const;

export const DATE_STRINGS = [
  '0001-01-01',
  '0000-00-00',
  '99999-12-31',
  '2026-02-30',
  '2026-13-01',
  '1900-01-01',
  '-000001-01-01T00:00:00Z',
  '-010000-01-01T00:00:00Z',
  '+200000-01-01T00:00:00Z',
  '275760-09-13T00:00:00.001Z',
  '2026-11-27T25:61:00Z',
  '0001-01-01T00:00:00Z',
  '9999-12-31T23:59:59.999Z',
  '99999-01-01T00:00:00Z',
  '2026-11-27T00:00:00+99:00',
  'yesterday',
] as const;

/** 身份证号 with full-width, Arabic-Indic and mixed digits, bad check characters and stray spaces. */
export const ID_NUMBERS = [
  '３１０１０９１９７８０３１５２４１Ｘ',
  '31010919780315241x',
  '310109197803152419',
  '٣١٠١٠٩١٩٧٨٠٣١٥٢٤١X',
  '3101091978031５241X',
  ' 31010919780315241X',
  '31010919780315241X\u0000',
  '310109000001010001',
  '31010999991231001X',
  '3101091978031524',
] as const;

export const PHONES = [
  '１３９００００１００１',
  '+86 139 0000 1001',
  '13900001001\u0000',
  '139-0000-1001',
  '+8613900001001',
  '０２１-１２３４５',
  '1'.repeat(40),
] as const;

export const PROTO_KEYS = ['__proto__', 'constructor', 'prototype'] as const;

const long = (n: number) => fc.constantFrom('a', '中', '𠀀', "'", '<', '\u0000').map((c) => c.repeat(n));

/** Objects whose own keys are prototype-pollution keys (built by JSON.parse, as a server receives them). */
export const protoObject = fc
  .tuple(fc.constantFrom(...PROTO_KEYS), fc.constantFrom(...PROTO_KEYS, 'polluted', 'toString'))
  .map(([a, b]) => JSON.parse(`{"${a}":{"${b}":{"polluted":true}},"isAdmin":true}`) as unknown);

/** Arrays or objects nested `depth` deep. */
export const deepNesting = fc
  .tuple(fc.constantFrom('array', 'object'), fc.integer({ min: 50, max: 200 }))
  .map(([kind, depth]) => {
    let value: unknown = 'x';
    for (let i = 0; i < depth; i++) value = kind === 'array' ? [value] : { a: value };
    return value;
  });

/** A hostile string: SQL, HTML and script, control characters, lookalike digits, odd dates, very long. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...SQL_FRAGMENTS) },
  { weight: 3, arbitrary: fc.constantFrom(...HTML_FRAGMENTS) },
  { weight: 3, arbitrary: fc.constantFrom(...CONTROL_CHARACTERS) },
  { weight: 2, arbitrary: fc.constantFrom(...NUMBER_STRINGS) },
  { weight: 2, arbitrary: fc.constantFrom(...DATE_STRINGS) },
  { weight: 2, arbitrary: fc.constantFrom(...ID_NUMBERS, ...PHONES) },
  { weight: 1, arbitrary: fc.constantFrom(...PROTO_KEYS) },
  { weight: 1, arbitrary: long(100_000) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 5000 }).chain((n) => long(n)) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
);

/** Numbers at the edges: negative, zero, huge, fractional, beyond the safe integers. */
export const hostileNumber = fc.constantFrom(
  -1,
  0,
  -2_147_483_649,
  2_147_483_648,
  Number.MAX_SAFE_INTEGER + 2,
  -Number.MAX_SAFE_INTEGER - 2,
  1e308,
  -1e308,
  Number.MIN_VALUE,
  0.5,
  1e21,
);

/** Any hostile JSON value: a string, a number, a wrong type, a polluting object, deep nesting, a huge array. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 8, arbitrary: hostileString },
  { weight: 3, arbitrary: hostileNumber },
  { weight: 1, arbitrary: fc.constantFrom(true, false, null, [], {}, [null], ['']) },
  { weight: 2, arbitrary: protoObject },
  { weight: 1, arbitrary: deepNesting },
  {
    weight: 1,
    arbitrary: fc.integer({ min: 1000, max: 20_000 }).map((n) => Array.from({ length: n }, () => 'x')),
  },
);

/** Path parameter values that try to escape their segment or overflow it. */
export const hostilePathSegment: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '..%2f..%2f..%2fetc%2fpasswd',
    '..%2F..%2Fpackage.json',
    '%2e%2e%2f%2e%2e%2f',
    '..%5c..%5cwindows%5cwin.ini',
    '%00',
    'a%00b',
    '%E0%A4%A',
    '%ff%fe',
    '%C0%AF',
    '%',
    '-1',
    '0',
    '1e308',
    'NaN',
    'null',
    'undefined',
    '__proto__',
    'constructor',
    '%20',
    '%E4%B8%AD%E6%96%87',
    "'%20OR%20'1'%3D'1",
    '%3Cscript%3E',
    '00000000-0000-0000-0000-000000000000',
    'ffffffff-ffff-ffff-ffff-ffffffffffff',
    '00000000-0000-0000-0000-00000000000g',
    '%EF%BC%91%EF%BC%92%EF%BC%93',
  ),
  fc.integer({ min: 199, max: 400 }).map((n) => 'a'.repeat(n)),
  hostileString
    .filter((s) => s.length < 300)
    .map((s) => encodeURIComponent(s.replace(/[\ud800-\udfff]/g, ''))),
);

/** Whole query strings that attack the parser rather than one parameter. */
export const hostileQuery = fc.constantFrom(
  '__proto__[polluted]=1',
  '__proto__.polluted=1',
  'constructor[prototype][polluted]=1',
  'a=%E0%A4%A',
  'a=%00',
  'page=1&page=2&page=3',
  'pageSize[]=1',
  '%ff=1',
  '&&&==&=',
  Array.from({ length: 2000 }, (_, i) => `k${i}=${i}`).join('&'),
  `q=${'%27'.repeat(3000)}`,
);

/** Raw bodies and the content types sent with them: broken JSON, invalid UTF-8, wrong types, too large. */
export const hostileRawBody: fc.Arbitrary<{ contentType: string | undefined; body: string | Buffer }> =
  fc.oneof(
    fc.constantFrom(
      { contentType: 'application/json', body: '{"a":' },
      { contentType: 'application/json', body: '{"a":"b"' },
      { contentType: 'application/json', body: '' },
      { contentType: 'application/json', body: 'null' },
      { contentType: 'application/json', body: '"x"' },
      { contentType: 'application/json', body: '12' },
      { contentType: 'application/json', body: '[]' },
      { contentType: 'application/json', body: '{"a":1,"a":2}' },
      { contentType: 'application/json', body: '{"a":NaN}' },
      { contentType: 'application/json', body: '\ufeff{}' },
      { contentType: 'application/json', body: '{"a":"\\u0000"}' },
      { contentType: 'application/json', body: '{"\\u0000":1}' },
      { contentType: 'application/json', body: '{"a":"\\ud800"}' },
      {
        contentType: 'application/json',
        body: Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]),
      },
      {
        contentType: 'application/json',
        body: Buffer.from([0x7b, 0x22, 0xc3, 0x28, 0x22, 0x3a, 0x31, 0x7d]),
      },
      { contentType: 'application/json', body: Buffer.from([0xfe, 0xff, 0x00, 0x7b, 0x00, 0x7d]) },
      { contentType: 'application/json; charset=utf-16', body: '{}' },
      { contentType: 'application/json; charset=latin1', body: '{"a":"é"}' },
      { contentType: 'APPLICATION/JSON', body: '{}' },
      { contentType: 'text/plain', body: 'hello' },
      {
        contentType: 'application/xml',
        body: '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>',
      },
      { contentType: 'application/x-www-form-urlencoded', body: '__proto__[x]=1&a=%E0%A4%A' },
      { contentType: 'multipart/form-data', body: '--x\r\n\r\n' },
      {
        contentType: 'multipart/form-data; boundary=x',
        body: '--x\r\nContent-Disposition: form-data; name="payload"\r\n\r\n{',
      },
      { contentType: 'application/octet-stream', body: Buffer.alloc(64, 0) },
      { contentType: undefined, body: '{}' },
      { contentType: 'application/json', body: `{"a":"${'x'.repeat(1_100_000)}"}` },
      { contentType: 'application/json', body: `[${Array.from({ length: 100_000 }, () => '1').join(',')}]` },
      { contentType: 'application/json', body: `${'['.repeat(5000)}${']'.repeat(5000)}` },
      { contentType: 'application/json', body: `${'{"a":'.repeat(2000)}1${'}'.repeat(2000)}` },
    ),
    fc.string({ maxLength: 200 }).map((s) => ({ contentType: 'application/json', body: s })),
    fc.uint8Array({ maxLength: 300 }).map((bytes) => ({
      contentType: 'application/json',
      body: Buffer.from(bytes),
    })),
  );

/** Header values (Node refuses CR, LF and NUL in headers, so these stay within what HTTP carries). */
export const hostileHeaderValue = fc.oneof(
  fc.constantFrom(
    "' OR '1'='1",
    '<script>alert(1)</script>',
    'yk_' + 'a'.repeat(64),
    'yk_\u00ff\u00fe',
    'Bearer yk_%00',
    'x'.repeat(8000),
    '\u00e9\u00ff',
    '',
  ),
  fc.string({ unit: 'grapheme-ascii', maxLength: 100 }),
);
