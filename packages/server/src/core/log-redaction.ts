import { residentIdCheckDigit } from '@yiwang/domain';

// 18-character resident IDs and 11-digit mobile numbers, wherever they appear in a logged string.
const RESIDENT_ID = /(?<![0-9A-Za-z])(\d{6})\d{8}(\d{3}[0-9Xx])(?![0-9A-Za-z])/g;
const MOBILE = /(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)/g;

/** Mask every 身份证号 and mobile number in a string (for log lines). */
export const redactText = (text: string) =>
  text.replace(RESIDENT_ID, '$1********$2').replace(MOBILE, '$1****$2');

/** Fastify request/response serializers that never log a body, cookies or personal numbers. */
export const redactingSerializers = {
  req: (request: { method: string; url: string; ip: string }) => ({
    method: request.method,
    url: redactText(request.url),
    remoteAddress: request.ip,
  }),
  res: (reply: { statusCode: number }) => ({ statusCode: reply.statusCode }),
};

// For the scan: a resident ID or mobile number standing alone (not part of a longer token, nor
// the fraction of a decimal number such as a logged responseTime of 115.13053699999).
const ID_CANDIDATE = /(?<![0-9A-Za-z])(?<!\d\.)\d{17}[\dXx](?![0-9A-Za-z])/g;
const MOBILE_CANDIDATE = /(?<![0-9A-Za-z])(?<!\d\.)1[3-9]\d{9}(?![0-9A-Za-z])/g;
const validIdChecksum = (id: string) => residentIdCheckDigit(id.slice(0, 17)) === id[17]!.toUpperCase();

/** An unmasked personal number found in a text by {@link findUnmaskedPersonalData}. */
export type UnmaskedFinding = { kind: 'resident-id' | 'mobile'; value: string };

/**
 * Every unmasked 身份证号 (18 characters with a valid GB 11643 check character) and mainland
 * mobile number (1[3-9] and 9 more digits) in a text — what no log line may contain.
 *
 * @example
 * findUnmaskedPersonalData('{"msg":"call from 13812345678"}'); // [{ kind: 'mobile', value: '13812345678' }]
 */
export function findUnmaskedPersonalData(text: string): UnmaskedFinding[] {
  const found: UnmaskedFinding[] = [];
  for (const [value] of text.matchAll(ID_CANDIDATE)) {
    if (validIdChecksum(value)) found.push({ kind: 'resident-id', value });
  }
  for (const [value] of text.matchAll(MOBILE_CANDIDATE)) found.push({ kind: 'mobile', value });
  return found;
}
