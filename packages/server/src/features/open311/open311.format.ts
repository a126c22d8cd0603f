/** GeoReport v2 payloads and their JSON / XML renderings. */

export type Format = 'json' | 'xml';

export type Open311Error = { code: number; description: string };

/** An error the routes turn into the spec's `[{ code, description }]` with the same HTTP status. */
export class Open311Failure extends Error {
  constructor(
    readonly status: 400 | 403 | 404 | 500,
    description: string,
  ) {
    super(description);
  }
}

const escapeXml = (v: string) =>
  v
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    // characters XML 1.0 cannot carry at all
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');

type XmlValue = string | number | boolean | null | undefined | XmlValue[] | { [key: string]: XmlValue };

function element(name: string, value: XmlValue): string {
  if (value === null || value === undefined) return `<${name}/>`;
  if (Array.isArray(value))
    return `<${name}>${value.map((v) => element(itemName(name), v)).join('')}</${name}>`;
  if (typeof value === 'object')
    return `<${name}>${Object.entries(value)
      .map(([k, v]) => element(k, v))
      .join('')}</${name}>`;
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

/** The element name of each item in a list, by the list's element name (per the spec's samples). */
function itemName(list: string): string {
  switch (list) {
    case 'services':
      return 'service';
    case 'service_requests':
      return 'request';
    case 'service_request_updates':
      return 'request_update';
    case 'errors':
      return 'error';
    case 'attributes':
      return 'attribute';
    case 'values':
      return 'value';
    case 'keywords':
      return 'keyword';
    default:
      return 'item';
  }
}

/** Render a payload: JSON as is, XML under the root element the spec uses for it. */
export function render(format: Format, root: string, payload: XmlValue): string {
  if (format === 'json') return JSON.stringify(payload);
  return `<?xml version="1.0" encoding="utf-8"?>${element(root, payload)}`;
}

export const contentType = (format: Format) =>
  format === 'json' ? 'application/json; charset=utf-8' : 'text/xml; charset=utf-8';
