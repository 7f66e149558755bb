import { CafeError } from '../errors/index.js';
import { balanceFromData, balanceFromError, type AccountBalance } from './balance.js';
import { MAX_BULK_ITEMS, bulkBodyItem, chunk, outcomesFromBulkAnswer, runWithConcurrency } from './bulk.js';
import { checkOutgoing, outcomeFromError, outcomeFromSendAnswer } from './outcomes.js';
import { listAllRecords, pageUrl, parseMessagePage } from './pagination.js';
import { parseRecord } from './records.js';
import { createCallLimiter } from './call-limit.js';
import { createRetryingCaller } from './call-with-retry.js';
import { resolveSettings, type GatewayClientOptions } from './options.js';
import type { GatewayAnswer, GatewayRequest } from './request.js';
import type { MessagePage, MessageRecord, OutgoingSms, SendOutcome } from './types.js';

export type { GatewayClientOptions } from './options.js';

export interface CallOptions {
  /** Aborting it stops the call (and its retries) promptly; the signal's reason is thrown. */
  signal?: AbortSignal;
}

export interface SendBulkOptions extends CallOptions {
  /** Called after each bulk call with the number of items settled so far. */
  onProgress?: (done: number, total: number) => void;
}

export interface ListAllCallOptions extends CallOptions {
  /** Stops the walk at the first record for which it is true (that record is not yielded). */
  stopWhen?: (record: MessageRecord) => boolean;
}

export interface GatewayClient {
  /** POST sms/send. Never throws for gateway failures: answers accepted / rejected / unknown. */
  send(sms: OutgoingSms, options?: CallOptions): Promise<SendOutcome>;
  /** One bulk call of 1..50 items (more: CafeError invalid_input). Outcomes in input order. */
  sendBatch(items: readonly OutgoingSms[], options?: CallOptions): Promise<SendOutcome[]>;
  /** Any number of items, in bulk calls of 50, `concurrency` at once. Outcomes in input order. */
  sendBulk(items: readonly OutgoingSms[], options?: SendBulkOptions): Promise<SendOutcome[]>;
  /** GET sms/{uid}. Throws CafeError (not_found, auth, …). */
  get(uid: string, options?: CallOptions): Promise<MessageRecord>;
  /** GET sms?page=N (default 1). Throws CafeError. */
  list(options?: CallOptions & { page?: number }): Promise<MessagePage>;
  /** Every record of the list once, newest first, fetched lazily. Throws CafeError. */
  listAll(options?: ListAllCallOptions): AsyncGenerator<MessageRecord>;
  /**
   * GET balance: the SMS units left. A host without the call (404, an error envelope, another
   * shape) answers `{ kind: 'unknown', reason }`; a failed call (auth, network, 5xx…) throws CafeError.
   */
  balance(options?: CallOptions): Promise<AccountBalance>;
  /** The gateway's call limit for this token as learned from throttled calls (calls a second), or undefined. */
  learnedCallLimit(): number | undefined;
  /** Starts from a call limit learned by an earlier run, unless this client has learned one since. */
  assumeCallLimit(callsPerSecond: number): void;
}

export function createGatewayClient(options: GatewayClientOptions): GatewayClient {
  const settings = resolveSettings(options);
  const limiter = createCallLimiter(settings.now);
  const call = createRetryingCaller(settings, limiter);
  const scrubber = settings.request.scrubber;
  const scrub = (text: string) => scrubber.text(text);

  /** Why a message cannot go out, checked before any call; undefined when it can. */
  function problemOf(sms: OutgoingSms): CafeError | undefined {
    const problem = checkOutgoing(sms);
    if (problem !== undefined || !scrubber.carriesToken(sms.message)) return problem;
    return new CafeError(
      'invalid_input',
      `The message to ${sms.to} contains the gateway API token; take the token out of the text before sending it`,
      { input: sms.to },
    );
  }

  function post(path: string, body: unknown): GatewayRequest {
    return { method: 'POST', url: new URL(path, settings.baseUrl), body, operation: 'send' };
  }

  async function sendOne(sms: OutgoingSms, signal: AbortSignal | undefined): Promise<SendOutcome> {
    const body = { recipient: sms.to, sender_id: settings.senderId, message: sms.message };
    let answer: GatewayAnswer;
    try {
      answer = await call(post('sms/send', body), signal);
    } catch (error) {
      if (error instanceof CafeError && !signal?.aborted) return outcomeFromError(error);
      throw error;
    }
    return outcomeFromSendAnswer(answer.envelope, sms);
  }

  async function sendChunk(items: readonly OutgoingSms[], signal: AbortSignal | undefined): Promise<SendOutcome[]> {
    const outcomes: (SendOutcome | undefined)[] = items.map((sms) => {
      const problem = problemOf(sms);
      return problem === undefined ? undefined : { outcome: 'rejected', error: problem };
    });
    const sendable = items.filter((_, i) => outcomes[i] === undefined);
    if (sendable.length > 0) {
      let answered: SendOutcome[];
      try {
        const answer = await call(post('sms/send-bulk-messages', sendable.map(bulkBodyItem)), signal);
        answered = outcomesFromBulkAnswer(sendable, answer.envelope.data);
      } catch (error) {
        if (!(error instanceof CafeError) || signal?.aborted) throw error;
        answered = sendable.map(() => outcomeFromError(error));
      }
      let next = 0;
      for (let i = 0; i < outcomes.length; i += 1) {
        if (outcomes[i] === undefined) outcomes[i] = answered[next++];
      }
    }
    return outcomes as SendOutcome[];
  }

  function sendBatch(items: readonly OutgoingSms[], options: CallOptions = {}): Promise<SendOutcome[]> {
    if (items.length > MAX_BULK_ITEMS) {
      return Promise.reject(
        new CafeError('invalid_input', `sendBatch takes at most ${MAX_BULK_ITEMS} messages (got ${items.length}); use sendBulk for more`, {
          input: String(items.length),
        }),
      );
    }
    return sendChunk(items, options.signal);
  }

  async function sendBulk(items: readonly OutgoingSms[], options: SendBulkOptions = {}): Promise<SendOutcome[]> {
    const chunks = chunk(items, MAX_BULK_ITEMS);
    const results: SendOutcome[][] = [];
    let done = 0;
    await runWithConcurrency(chunks.length, settings.concurrency, async (index) => {
      const part = chunks[index] ?? [];
      results[index] = await sendChunk(part, options.signal);
      done += part.length;
      options.onProgress?.(done, items.length);
    });
    return results.flat();
  }

  async function send(sms: OutgoingSms, options: CallOptions = {}): Promise<SendOutcome> {
    const problem = problemOf(sms);
    if (problem !== undefined) return { outcome: 'rejected', error: problem };
    // Only the bulk endpoint knows message types, so an image goes out as a bulk call of one.
    if (sms.type === 'image') {
      const [outcome] = await sendChunk([sms], options.signal);
      if (outcome !== undefined) return outcome;
    }
    return sendOne(sms, options.signal);
  }

  async function get(uid: string, options: CallOptions = {}): Promise<MessageRecord> {
    if (typeof uid !== 'string' || uid.trim() === '') {
      throw new CafeError('invalid_input', 'A message uid is needed to look a message up (e.g. 606812e63f78b)', {
        input: String(uid),
      });
    }
    const url = new URL(`sms/${encodeURIComponent(uid.trim())}`, settings.baseUrl);
    const answer = await call({ method: 'GET', url, operation: 'read' }, options.signal);
    const data: unknown = Array.isArray(answer.envelope.data) ? answer.envelope.data[0] : answer.envelope.data;
    if (data === null || typeof data !== 'object') {
      throw new CafeError('bad_response', `The gateway answered the lookup of ${uid} without a record`, {
        input: uid,
        httpStatus: answer.httpStatus,
        details: { data: scrub(JSON.stringify(answer.envelope.data ?? null)).slice(0, 500) },
      });
    }
    return parseRecord(data);
  }

  async function fetchPage(url: URL, page: number, signal: AbortSignal | undefined): Promise<MessagePage> {
    const answer = await call({ method: 'GET', url, operation: 'read' }, signal);
    return parseMessagePage(answer.envelope.data, page, scrub);
  }

  async function list(options: CallOptions & { page?: number } = {}): Promise<MessagePage> {
    const page = options.page ?? 1;
    if (!Number.isInteger(page) || page < 1) {
      throw new CafeError('invalid_input', `A page number must be a whole number from 1, got ${page}`, {
        input: String(page),
      });
    }
    return fetchPage(pageUrl(settings.baseUrl, page), page, options.signal);
  }

  function listAll(options: ListAllCallOptions = {}): AsyncGenerator<MessageRecord> {
    return listAllRecords({
      baseUrl: settings.baseUrl,
      fetchPage: (url, page) => fetchPage(url, page, options.signal),
      stopWhen: options.stopWhen,
    });
  }

  async function balance(options: CallOptions = {}): Promise<AccountBalance> {
    const url = new URL('balance', settings.baseUrl);
    try {
      const answer = await call({ method: 'GET', url, operation: 'read' }, options.signal);
      return balanceFromData(answer.envelope.data);
    } catch (error) {
      const notAnswered = error instanceof CafeError && !options.signal?.aborted ? balanceFromError(error) : undefined;
      if (notAnswered === undefined) throw error;
      return notAnswered;
    }
  }

  return {
    send,
    sendBatch,
    sendBulk,
    get,
    list,
    listAll,
    balance,
    learnedCallLimit: () => limiter.limit(),
    assumeCallLimit: (callsPerSecond) => limiter.assume(callsPerSecond),
  };
}
