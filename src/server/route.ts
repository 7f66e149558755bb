import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { Access } from './auth/principal.js';
import { parseInput } from './validation.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface ResponseSpec {
  description: string;
  /** JSON body schema, for the OpenAPI document (answers are not validated at run time). */
  schema?: z.ZodType;
  /** application/json unless said otherwise. */
  contentType?: string;
}

export interface RouteInput<P, Q, B, H> {
  params: P;
  query: Q;
  body: B;
  headers: H;
}

export interface RouteSpec<P, Q, B, H> {
  method: HttpMethod;
  /** fastify form: /api/contacts/:id */
  url: string;
  summary: string;
  description?: string;
  tag: string;
  access: Access;
  params?: z.ZodType<P>;
  query?: z.ZodType<Q>;
  body?: z.ZodType<B>;
  /** Only the headers the route reads, lower-case names. */
  headers?: z.ZodType<H>;
  /** Media type of the body; JSON by default. */
  bodyType?: string;
  /** Bytes; the server default (1 MiB) otherwise. */
  bodyLimit?: number;
  responses: Readonly<Record<number, ResponseSpec>>;
  /** Returns the body to send (an object, a string, a stream, or undefined for none). */
  /** Answers the body, at once or through a promise. */
  handler: (input: RouteInput<P, Q, B, H>, request: FastifyRequest, reply: FastifyReply) => unknown;
}

/** A route with its input types erased: what route groups hand to the app and to the OpenAPI builder. */
export interface Route {
  readonly spec: Omit<RouteSpec<unknown, unknown, unknown, unknown>, 'handler'>;
  register(app: FastifyInstance): void;
}

/**
 * Declares a route once: the same zod schemas validate its input at run time and describe it in
 * /api/openapi.json, so the document cannot drift from what the server accepts.
 */
export function defineRoute<P = undefined, Q = undefined, B = undefined, H = undefined>(spec: RouteSpec<P, Q, B, H>): Route {
  const parse = <T>(schema: z.ZodType<T> | undefined, value: unknown, source: 'params' | 'query' | 'body' | 'headers'): T =>
    (schema === undefined ? undefined : parseInput(schema, value, source)) as T;
  return {
    spec: spec,
    register(app) {
      app.route({
        method: spec.method,
        url: spec.url,
        config: { access: spec.access },
        ...(spec.bodyLimit === undefined ? {} : { bodyLimit: spec.bodyLimit }),
        handler: async (request, reply) => {
          const input: RouteInput<P, Q, B, H> = {
            params: parse(spec.params, request.params, 'params'),
            query: parse(spec.query, request.query, 'query'),
            body: parse(spec.body, request.body, 'body'),
            headers: parse(spec.headers, request.headers, 'headers'),
          };
          const body = await spec.handler(input, request, reply);
          return reply.send(body);
        },
      });
    },
  };
}
