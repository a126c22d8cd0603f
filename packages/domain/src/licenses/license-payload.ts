/** The fields of an e-licence that its signature covers. */
export type LicensePayload = {
  licenseNo: string;
  type: string;
  holderId: string;
  holderName: string;
  title: string;
  data: Record<string, unknown>;
  /** ISO 8601 instant, millisecond precision. */
  issuedAt: string;
  /** Last day of validity, `YYYY-MM-DD`; null for 长期 (no expiry). */
  validUntil: string | null;
  /** The issuer as printed on the licence. */
  issuer: string;
};

/**
 * JSON with object keys sorted at every level and undefined members dropped, so the same
 * licence gives the same bytes after a round trip through jsonb.
 *
 * @example
 * canonicalJson({ b: 1, a: [{ d: 2, c: 3 }] }); // '{"a":[{"c":3,"d":2}],"b":1}'
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/**
 * The text an e-licence's Ed25519 signature is computed over (as UTF-8): the canonical JSON
 * of exactly the signed fields.
 *
 * @example
 * const text = licenseSigningText({ licenseNo: 'YW-BL-2026-000001', type: 'business-licence', … });
 */
export function licenseSigningText(payload: LicensePayload): string {
  const { licenseNo, type, holderId, holderName, title, data, issuedAt, validUntil, issuer } = payload;
  return canonicalJson({ licenseNo, type, holderId, holderName, title, data, issuedAt, validUntil, issuer });
}
