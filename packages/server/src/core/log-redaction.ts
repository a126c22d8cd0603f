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
