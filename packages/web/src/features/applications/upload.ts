/**
 * Multipart POSTs with upload progress (fetch cannot report it): XMLHttpRequest with the session's
 * CSRF token, errors parsed as problem+json into the same ApiError the JSON client throws.
 */
import { api } from '../../api/client';
import { ApiError, networkError, parseProblem } from '../../api/problem';
import type { Session } from '../../api/types';

function send<T>(
  path: string,
  body: FormData,
  token: string,
  onProgress?: (percent: number) => void,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.withCredentials = true;
    xhr.setRequestHeader('accept', 'application/json, application/problem+json');
    xhr.setRequestHeader('x-csrf-token', token);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && onProgress) onProgress(Math.min(100, Math.round((e.loaded / e.total) * 100)));
    };
    xhr.onerror = () => reject(networkError());
    xhr.onabort = () => reject(networkError());
    xhr.onload = () => {
      const text = xhr.responseText;
      if (xhr.status < 200 || xhr.status >= 300) {
        reject(parseProblem(xhr.status, text));
        return;
      }
      try {
        resolve((text ? JSON.parse(text) : undefined) as T);
      } catch {
        reject(parseProblem(xhr.status, ''));
      }
    };
    xhr.send(body);
  });
}

/** POST a FormData body; retries once with a fresh token when the CSRF check refused it. */
export async function postMultipart<T>(
  path: string,
  body: FormData,
  onProgress?: (percent: number) => void,
): Promise<T> {
  const token = (await api.get<Session>('/api/session')).csrfToken;
  try {
    return await send<T>(path, body, token, onProgress);
  } catch (e) {
    if (e instanceof ApiError && e.status === 403 && /csrf/i.test(e.type)) {
      const fresh = (await api.get<Session>('/api/session')).csrfToken;
      return send<T>(path, body, fresh, onProgress);
    }
    throw e;
  }
}
