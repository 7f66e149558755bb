import * as z from 'zod';
import type { Access } from './auth/principal.js';
import type { Route } from './route.js';

type JsonSchema = Record<string, unknown>;

function toJsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  return rest;
}

/** `/api/contacts/:id` → `/api/contacts/{id}` */
function openApiPath(url: string): string {
  return url.replace(/:(\w+)/g, '{$1}');
}

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  schema: JsonSchema;
  description?: string;
}

function parametersOf(schema: z.ZodType | undefined, location: Parameter['in']): Parameter[] {
  if (schema === undefined) return [];
  const json = toJsonSchema(schema, 'input');
  const properties = (json['properties'] ?? {}) as Record<string, JsonSchema>;
  const required = new Set((json['required'] ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => {
    const { description, ...rest } = property;
    return {
      name,
      in: location,
      required: location === 'path' || required.has(name),
      schema: rest,
      ...(typeof description === 'string' ? { description } : {}),
    };
  });
}

function securityOf(access: Access): Record<string, string[]>[] {
  return access === 'public' ? [] : [{ sessionCookie: [] }, { apiKey: [] }];
}

function operationOf(route: Route): Record<string, unknown> {
  const { spec } = route;
  const responses: Record<string, unknown> = {};
  for (const [status, response] of Object.entries(spec.responses)) {
    const contentType = response.contentType ?? 'application/json';
    const content =
      response.schema !== undefined
        ? { [contentType]: { schema: toJsonSchema(response.schema, 'output') } }
        : response.contentType !== undefined
          ? { [contentType]: { schema: { type: 'string' } } }
          : undefined;
    responses[status] = { description: response.description, ...(content === undefined ? {} : { content }) };
  }
  const parameters = [...parametersOf(spec.params, 'path'), ...parametersOf(spec.query, 'query'), ...parametersOf(spec.headers, 'header')];
  const bodyType = spec.bodyType ?? 'application/json';
  const requestBody =
    spec.body === undefined
      ? undefined
      : {
          required: true,
          content: { [bodyType]: { schema: bodyType === 'application/json' ? toJsonSchema(spec.body, 'input') : { type: 'string' } } },
        };
  return {
    operationId: `${spec.method.toLowerCase()}${openApiPath(spec.url).replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ?? '').toUpperCase())}`,
    summary: spec.summary,
    ...(spec.description === undefined ? {} : { description: spec.description }),
    tags: [spec.tag],
    security: securityOf(spec.access),
    ...(parameters.length === 0 ? {} : { parameters }),
    ...(requestBody === undefined ? {} : { requestBody }),
    responses,
  };
}

/** The OpenAPI 3.1 description of the API, made from the routes' own zod schemas. */
export function buildOpenApiDocument(routes: readonly Route[], version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const path = openApiPath(route.spec.url);
    paths[path] = { ...paths[path], [route.spec.method.toLowerCase()]: operationOf(route) };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'cafe-sms API',
      version,
      description:
        "Cafe de Revenue's customer messaging. Errors answer {statusCode, code, message, field?}. Browser writes " +
        'authenticated by the session cookie must send X-CSRF-Token; API keys (Authorization: Bearer) need none.',
    },
    servers: [{ url: '/' }],
    components: {
      securitySchemes: {
        sessionCookie: { type: 'apiKey', in: 'cookie', name: 'cafe_session' },
        apiKey: { type: 'http', scheme: 'bearer', description: 'A key made with `npx cafe-sms apikey create <name>`' },
      },
    },
    paths,
  };
}
