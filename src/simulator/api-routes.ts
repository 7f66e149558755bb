import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { failure, serialise, TOO_MANY_ATTEMPTS, tooManyRequests, unauthenticated, type Answer } from './answers.js';
import { acceptsJson, hasBearerToken } from './auth.js';
import { processBulk } from './bulk.js';
import { withEchoedAuthorization } from './echo-authorization.js';
import { unprocessedFaultAnswer, withUnexpectedShape } from './fault-answers.js';
import { DEFAULT_FAULT_DELAY_MS, drawRandomFault } from './faults.js';
import { processBalance } from './balance.js';
import { processGet, processList } from './read.js';
import { processSend } from './send.js';
import type { SimulatorState } from './state.js';
import { countRequest } from './stats.js';
import type { ApiOperation, FaultRule } from './types.js';

export const API_PREFIX = '/api/v3';

/** What becomes of one API call: an answer (perhaps held back a while) or a cut connection. */
type Outcome = { kind: 'answer'; answer: Answer; holdMs: number } | { kind: 'cut' };

const CUT: Outcome = { kind: 'cut' };
const answerNow = (answer: Answer, holdMs = 0): Outcome => ({ kind: 'answer', answer, holdMs });

function faultFor(state: SimulatorState, operation: ApiOperation): FaultRule | undefined {
  const fault = state.faults.take(operation) ?? drawRandomFault(state.random.faults, operation, state.settings);
  if (fault) {
    state.stats.faultsApplied += 1;
    state.settings.logger.debug({ operation, fault: fault.kind }, 'simulator fault applied');
  }
  return fault;
}

/**
 * The order of the platform and what stands in front of it: a fault (queued, then random) comes
 * first, then the throttle, then the token check, then the call itself.
 */
function decide(state: SimulatorState, operation: ApiOperation, request: FastifyRequest, process: () => Answer): Outcome {
  const wantsJson = acceptsJson(request);
  const fault = faultFor(state, operation);
  if (fault) {
    const early = unprocessedFaultAnswer(fault, wantsJson);
    if (early) return answerNow(early);
    if (fault.kind === 'cut_before_accept') return CUT;
  } else {
    const { rateLimit, now } = state.settings;
    if (rateLimit !== undefined && !state.rate.admit(now(), rateLimit)) return throttled(state, operation);
  }
  const answer = hasBearerToken(request, state.token) ? processed(state, request, process) : unauthenticated(wantsJson);
  switch (fault?.kind) {
    case 'cut_after_accept':
      return CUT;
    case 'unexpected_shape':
      return answerNow(withUnexpectedShape(answer, operation));
    case 'delay':
      return answerNow(answer, fault.delayMs ?? DEFAULT_FAULT_DELAY_MS);
    default:
      return answerNow(answer);
  }
}

/** The call's answer, echoing the caller's Authorization header when the simulator is set to leak it. */
function processed(state: SimulatorState, request: FastifyRequest, process: () => Answer): Answer {
  const answer = process();
  return state.settings.echoAuthorization ? withEchoedAuthorization(answer, request.headers.authorization) : answer;
}

/** Waits, unless the simulator closes first; false then. */
async function hold(state: SimulatorState, ms: number): Promise<boolean> {
  if (ms <= 0) return true;
  try {
    await sleep(ms, undefined, { signal: state.closing.signal });
    return true;
  } catch {
    return false;
  }
}

function cut(state: SimulatorState, request: FastifyRequest, reply: FastifyReply): void {
  reply.hijack();
  request.raw.socket.destroy();
  state.stats.cut += 1;
}

export function sendAnswer(reply: FastifyReply, answer: Answer): FastifyReply {
  return reply
    .code(answer.httpStatus)
    .headers(answer.headers ?? {})
    .type(answer.contentType)
    .send(serialise(answer));
}

async function handleApiCall(
  state: SimulatorState,
  operation: ApiOperation,
  request: FastifyRequest,
  reply: FastifyReply,
  process: () => Answer,
): Promise<FastifyReply | undefined> {
  countRequest(state.stats, operation);
  const outcome = decide(state, operation, request, process);
  const held = await hold(state, state.settings.latencyMs + (outcome.kind === 'answer' ? outcome.holdMs : 0));
  if (outcome.kind === 'cut' || !held) {
    cut(state, request, reply);
    return undefined;
  }
  if (outcome.answer.httpStatus === 429) state.stats.answered429 += 1;
  return sendAnswer(reply, outcome.answer);
}

/** A call over rateLimit: refused, nothing processed, in the form the settings name. */
function throttled(state: SimulatorState, operation: ApiOperation): Outcome {
  state.stats.throttled += 1;
  state.stats.throttledByOperation[operation] = (state.stats.throttledByOperation[operation] ?? 0) + 1;
  return answerNow(state.settings.throttleAnswer === 'http_200' ? failure(TOO_MANY_ATTEMPTS) : tooManyRequests(1));
}

/** Absolute URL of the list, as the client reached it, for the paginator's links. */
function listUrl(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}${API_PREFIX}/sms`;
}

export function registerApiRoutes(app: FastifyInstance, state: SimulatorState): void {
  app.post(`${API_PREFIX}/sms/send`, (request, reply) =>
    handleApiCall(state, 'send', request, reply, () => processSend(state, request.body)),
  );
  app.post(`${API_PREFIX}/sms/send-bulk-messages`, (request, reply) =>
    handleApiCall(state, 'bulk', request, reply, () => processBulk(state, request.body)),
  );
  app.get<{ Querystring: Record<string, unknown> }>(`${API_PREFIX}/sms`, (request, reply) =>
    handleApiCall(state, 'list', request, reply, () => processList(state, request.query.page, listUrl(request))),
  );
  app.get(`${API_PREFIX}/balance`, (request, reply) => handleApiCall(state, 'balance', request, reply, () => processBalance(state)));
  app.get<{ Params: { uid: string } }>(`${API_PREFIX}/sms/:uid`, (request, reply) =>
    handleApiCall(state, 'get', request, reply, () => processGet(state, request.params.uid)),
  );
}
