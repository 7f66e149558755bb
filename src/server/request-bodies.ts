import { Transform, type Readable, type TransformCallback } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { StoredPart } from '../contacts/index.js';

/**
 * A CSV upload over its route's limit. It carries fastify's code for an over-large body, so both read
 * alike, and what the import had stored before the cut (`stored`), which the 413 answer carries.
 */
export class BodyTooLargeError extends Error {
  readonly code = 'FST_ERR_CTP_BODY_TOO_LARGE';
  readonly statusCode = 413;
  readonly stored: StoredPart | undefined;
  constructor(limit: number, stored?: StoredPart) {
    const tooLarge = `The file is larger than ${Math.round(limit / (1024 * 1024))} MB`;
    super(
      stored === undefined
        ? `${tooLarge}: nothing from it was imported. Split it into files under that size (each with the header line) and import each`
        : `${tooLarge}. ${stored.summary}`,
    );
    this.stored = stored;
  }
}

/** A CSV upload as a stream, cut off with BodyTooLargeError once it passes the route's limit. */
export interface CsvBody {
  readonly stream: Readable;
  /** True once the limit was passed (the import then fails with a 413, not a CSV error). */
  tooLarge(): boolean;
  readonly limit: number;
}

function limitBytes(limit: number, onExceeded: () => void): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      seen += chunk.length;
      if (seen > limit) {
        onExceeded();
        callback(new BodyTooLargeError(limit));
        return;
      }
      callback(null, chunk);
    },
  });
}

/**
 * JSON as fastify parses it (prototype poisoning refused), except that an empty body is no body:
 * `POST /api/campaigns/1/start` with a JSON content type and nothing in it is fine.
 */
function registerJsonBody(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text === '') {
      done(null, undefined);
      return;
    }
    // The callback form: it answers through `done`, and its promise type is only the parser union's.
    void parseJson(request, text, done);
  });
}

/**
 * `text/csv` bodies are not read into memory: the route gets the request stream (behind a byte
 * counter enforcing its bodyLimit), and the importer parses it as it arrives.
 */
function registerCsvBody(app: FastifyInstance): void {
  app.addContentTypeParser(['text/csv', 'application/csv'], (request, payload, done) => {
    const limit = request.routeOptions.bodyLimit ?? app.initialConfig.bodyLimit ?? 1024 * 1024;
    const declared = Number(request.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      done(new BodyTooLargeError(limit), undefined);
      return;
    }
    let exceeded = false;
    const stream = payload.pipe(
      limitBytes(limit, () => {
        exceeded = true;
        discardTheRest(payload);
      }),
    );
    payload.on('error', (error) => stream.destroy(error));
    // An import that fails before the end of the file (no phone column, a quote never closed) stops reading too.
    stream.once('close', () => {
      if (!exceeded && !payload.readableEnded) discardTheRest(payload);
    });
    const body: CsvBody = { stream, tooLarge: () => exceeded, limit };
    done(null, body);
  });
}

/** How long an upload cut off at its limit may go on being read (and thrown away) before its connection is closed. */
const DISCARD_FOR_MS = 2000;

/**
 * The importer stops reading at the limit (the route answers 413), or when the file fails it, but
 * the client is still sending: left paused, the request held its connection open for good, and
 * `serve` could not stop.
 * The rest is read and thrown away, so the client gets its answer; a sender that does not stop
 * within a moment has its connection closed.
 */
function discardTheRest(payload: Readable): void {
  payload.resume();
  const cutOff = setTimeout(() => payload.destroy(), DISCARD_FOR_MS);
  cutOff.unref();
  payload.once('close', () => clearTimeout(cutOff));
}

export function registerBodyParsers(app: FastifyInstance): void {
  registerJsonBody(app);
  registerCsvBody(app);
}
