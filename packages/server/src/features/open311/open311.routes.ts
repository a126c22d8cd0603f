import type { FastifyError, FastifyPluginAsync, FastifyReply } from 'fastify';
import type { AppContext } from '../../core/app-context';
import { Problem } from '../../core/problem';
import { Open311Failure, contentType, render, type Format } from './open311.format';
import {
  getRequest,
  listRequestUpdates,
  listRequests,
  listServices,
  postRequest,
  serviceDefinition,
} from './open311.service';

type Params = Record<string, string | undefined>;
const FORMATS: Format[] = ['json', 'xml'];
const hide = { hide: true } as const;

/** `name.json` / `name.xml` → [name, format], or undefined for any other suffix or a name that does not decode. */
function split(file: string): [string, Format] | undefined {
  const m = /^(.+)\.(json|xml)$/.exec(file);
  if (!m) return undefined;
  try {
    return [decodeURIComponent(m[1]!), m[2] as Format];
  } catch {
    return undefined; // a stray '%' (the router decoded the path once already): was a 500 URIError
  }
}

const formatOfUrl = (url: string): Format => (/\.xml(\?|$)/.test(url) ? 'xml' : 'json');

function sendError(reply: FastifyReply, format: Format, status: number, description: string) {
  return reply
    .status(status)
    .type(contentType(format))
    .send(render(format, 'errors', [{ code: status, description }]));
}

/** Flatten a query string or form body to single string values (the first of repeated keys). */
function flat(input: unknown): Params {
  const out: Params = {};
  if (input && typeof input === 'object')
    for (const [k, v] of Object.entries(input as Record<string, unknown>)) {
      const value = Array.isArray(v) ? v[0] : v;
      if (typeof value === 'string') out[k] = value;
      else if (typeof value === 'number' || typeof value === 'boolean') out[k] = String(value);
    }
  return out;
}

/**
 * Open311 GeoReport v2 at /open311/v2 (https://wiki.open311.org/GeoReport_v2): services and
 * their definitions, requests posted by integration clients (form-encoded, `api_key`) as
 * work orders with source 'api', requests read back with the spec's filters. Every response
 * is `.json` or `.xml`; errors are `[{ code, description }]` (`<errors><error>…`).
 */
export const open311Routes =
  (ctx: AppContext): FastifyPluginAsync =>
  async (app) => {
    // Open311 clients post application/x-www-form-urlencoded (scoped to this plugin).
    app.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string' },
      (_request, body, done) => {
        const params: Params = {};
        for (const [k, v] of new URLSearchParams(String(body))) params[k] ??= v;
        done(null, params);
      },
    );
    app.setErrorHandler((error: FastifyError | Problem, request, reply) => {
      const format = formatOfUrl(request.url);
      if (error instanceof Open311Failure) return sendError(reply, format, error.status, error.message);
      const status = error instanceof Problem ? error.status : (error.statusCode ?? 500);
      if (status === 401 || status === 403) return sendError(reply, format, 403, 'api_key is invalid');
      if (status === 404) return sendError(reply, format, 404, 'not found');
      if (status >= 400 && status < 500) return sendError(reply, format, 400, error.message || 'bad request');
      request.log.error({ err: error }, 'open311 failure');
      return sendError(reply, format, 500, 'internal error');
    });
    app.setNotFoundHandler((request, reply) => sendError(reply, formatOfUrl(request.url), 404, 'not found'));

    for (const format of FORMATS) {
      app.get(`/services.${format}`, {
        config: { access: 'public' },
        schema: hide,
        handler: async (_request, reply) =>
          reply.type(contentType(format)).send(render(format, 'services', await listServices(ctx))),
      });
      app.get(`/requests.${format}`, {
        config: { access: 'public' },
        schema: hide,
        handler: async (request, reply) =>
          reply
            .type(contentType(format))
            .send(render(format, 'service_requests', await listRequests(ctx, flat(request.query)))),
      });
      // the servicerequestupdates extension: the orders' action logs as updates
      app.get(`/servicerequestupdates.${format}`, {
        config: { access: 'public' },
        schema: hide,
        handler: async (request, reply) =>
          reply
            .type(contentType(format))
            .send(
              render(format, 'service_request_updates', await listRequestUpdates(ctx, flat(request.query))),
            ),
      });
      app.post(`/requests.${format}`, {
        config: { access: 'public' }, // the api_key is checked in the body (integration role)
        schema: hide,
        handler: async (request, reply) => {
          const params = { ...flat(request.query), ...flat(request.body) };
          const created = await postRequest(ctx, params);
          return reply
            .status(201)
            .type(contentType(format))
            .send(render(format, 'service_requests', created));
        },
      });
    }

    app.get<{ Params: { file: string } }>('/services/:file', {
      config: { access: 'public' },
      schema: hide,
      handler: async (request, reply) => {
        const parts = split(request.params.file);
        if (!parts) return sendError(reply, formatOfUrl(request.url), 404, 'not found');
        const [code, format] = parts;
        return reply
          .type(contentType(format))
          .send(render(format, 'service_definition', await serviceDefinition(ctx, code)));
      },
    });
    app.get<{ Params: { file: string } }>('/requests/:file', {
      config: { access: 'public' },
      schema: hide,
      handler: async (request, reply) => {
        const parts = split(request.params.file);
        if (!parts) return sendError(reply, formatOfUrl(request.url), 404, 'not found');
        const [id, format] = parts;
        return reply
          .type(contentType(format))
          .send(render(format, 'service_requests', await getRequest(ctx, id, flat(request.query))));
      },
    });
    // Tokens are not issued: POST requests answers with the service_request_id at once.
    app.get<{ Params: { file: string } }>('/tokens/:file', {
      config: { access: 'public' },
      schema: hide,
      handler: async (request, reply) => {
        const parts = split(request.params.file);
        const format = parts?.[1] ?? formatOfUrl(request.url);
        return sendError(reply, format, 404, `token ${parts?.[0] ?? ''} not found`);
      },
    });
  };
