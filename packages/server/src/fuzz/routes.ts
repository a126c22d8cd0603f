import type { JsonSchema } from './json-schema-arbitrary';

/** One route the app serves, with the JSON Schemas of its inputs when the OpenAPI document has them. */
export type RouteSpec = {
  method: string;
  /** Fastify's form: `/api/users/:id`, `/api/docs/*` */
  path: string;
  params: Record<string, JsonSchema>;
  query: Record<string, { schema: JsonSchema; required: boolean }>;
  body: JsonSchema | undefined;
  /** the route is documented (its schemas are known); hidden routes get generic inputs */
  documented: boolean;
};

type OpenApiOperation = {
  parameters?: { in: string; name: string; required?: boolean; schema?: JsonSchema }[];
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
};
export type OpenApiDocument = { paths: Record<string, Record<string, OpenApiOperation>> };

/**
 * Every route the app serves, as `[METHOD, path]`, read back from Fastify's route tree
 * (`printRoutes({ commonPrefix: false })` draws it with four characters per level).
 */
export function servedRoutes(tree: string): [string, string][] {
  const routes: [string, string][] = [];
  const pathAtDepth: string[] = [];
  for (const line of tree.split('\n')) {
    const match = /^((?:[│ ] {3})*)[├└]── (.*?)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!match) continue;
    const depth = match[1]!.length / 4;
    const path = (pathAtDepth[depth - 1] ?? '') + match[2]!;
    pathAtDepth[depth] = path;
    for (const method of match[3]?.split(', ') ?? []) routes.push([method, path]);
  }
  return routes;
}

/** The routes to fuzz: all served routes but HEAD (Fastify answers it from GET), with their schemas. */
export function routeSpecs(tree: string, doc: OpenApiDocument): RouteSpec[] {
  const specs: RouteSpec[] = [];
  for (const [method, path] of servedRoutes(tree)) {
    if (method === 'HEAD') continue;
    const operation = doc.paths[path.replace(/:(\w+)/g, '{$1}')]?.[method.toLowerCase()];
    const params: RouteSpec['params'] = {};
    for (const name of path.match(/:(\w+)/g) ?? []) params[name.slice(1)] = { type: 'string' };
    const query: RouteSpec['query'] = {};
    for (const p of operation?.parameters ?? []) {
      if (p.in === 'path') params[p.name] = p.schema ?? { type: 'string' };
      if (p.in === 'query') query[p.name] = { schema: p.schema ?? {}, required: !!p.required };
    }
    const content = operation?.requestBody?.content;
    const body = content?.['application/json']?.schema;
    specs.push({ method, path, params, query, body, documented: !!operation });
  }
  return specs;
}
