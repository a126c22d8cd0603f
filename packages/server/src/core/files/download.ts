import type { FastifyReply } from 'fastify';

/** Types a stored file may be served as; anything else goes out as application/octet-stream. */
const SAFE_TYPES = new Set(['application/pdf', 'image/jpeg', 'image/png', 'text/csv; charset=utf-8']);

/** RFC 8187 value characters: everything else percent-encoded (encodeURIComponent leaves ' ( ) * ! alone). */
const ext = (name: string) =>
  encodeURIComponent(name).replace(/['()*!]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * A `Content-Disposition: attachment` header for a file a user named: the name percent-encoded
 * as `filename*=UTF-8''…`, with an ASCII fallback for old clients (quotes, backslashes, `%`,
 * control characters and non-ASCII replaced by `_`). The name never reaches the file system.
 *
 * @example
 * attachment('营业执照 "副本".pdf'); // attachment; filename="____ _副本_.pdf"… filename*=UTF-8''%E8%90%A5…
 */
export function attachment(name: string): string {
  const fallback = name.replace(/[^\x20-\x7e]|["\\%]/g, '_').slice(0, 150) || 'file';
  return `attachment; filename="${fallback}"; filename*=UTF-8''${ext(name.slice(0, 200))}`;
}

/**
 * Send a stored file as a download: always an attachment, a type from a short safe list
 * (never text/html or image/svg+xml), `nosniff`, and a CSP that sandboxes it should a browser
 * render it anyway.
 */
export function sendStoredFile(
  reply: FastifyReply,
  file: { mediaType: string; name: string; size?: number; body: unknown },
) {
  reply
    .type(SAFE_TYPES.has(file.mediaType) ? file.mediaType : 'application/octet-stream')
    .header('content-disposition', attachment(file.name))
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', "default-src 'none'; sandbox");
  if (file.size !== undefined) reply.header('content-length', file.size);
  return reply.send(file.body);
}
