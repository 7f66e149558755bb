import type { Logger } from '../log/index.js';

export type ThrottleAnswer = 'http_429' | 'http_200';

export interface SimulatorOptions {
  /** The bearer token it accepts. */
  token: string;
  /** Default '127.0.0.1'. */
  host?: string;
  /** Default 0 (any free port). */
  port?: number;
  /** Authorised sender ids, default ['Cafe de Revenue']; the first is the sender of bulk messages. */
  senderIds?: string[];
  /** Added before every API answer, default 0. */
  latencyMs?: number;
  /** 0..1: fraction of API calls answered 503 BEFORE processing (nothing stored). */
  errorRate?: number;
  /** 0..1: fraction of send/bulk calls PROCESSED (stored) and then the socket destroyed with no answer. */
  cutRate?: number;
  /** Max API requests per second (sliding 1 s window); over it the call is refused as throttleAnswer says, nothing processed. */
  rateLimit?: number;
  /**
   * How a throttled call is answered: 'http_429' (default) with Retry-After: 1, as a proxy does, or
   * 'http_200', the platform's own envelope `{"status":"error","message":"Too Many Attempts."}` with
   * HTTP 200 and no Retry-After, so a client must find the limit by itself.
   */
  throttleAnswer?: ThrottleAnswer;
  /** List page size, default 25. */
  perPage?: number;
  /** Time from acceptance to a final delivery status, default 2000. */
  deliveryDelayMs?: number;
  /** Shape of the bulk answer's data, default 'records'. */
  bulkAnswer?: BulkAnswerShape;
  /** Numbers refused with "Number contains in the blacklist". */
  blacklist?: string[];
  /** SMS units (segments) left; undefined = unlimited. */
  balance?: number;
  /**
   * A leaky gateway, for tests of the client's scrubbing: every text field of the records it
   * answers (and the envelope's message) gets the caller's Authorization header appended, as it
   * came, in base64, and the token in upper and lower case. Default false.
   */
  echoAuthorization?: boolean;
  /** Seeds the PRNGs used for fault draws, uids and the bulk answer's order; default fixed. */
  seed?: number;
  /** Clock in ms, default Date.now (tests pass a fake one to move delivery on). */
  now?: () => number;
  /** pino, default silent. */
  logger?: Logger;
}

export type BulkAnswerShape = 'records' | 'count' | 'message';

/** The options `setOptions` and `POST /__simulator/options` may change while running. */
export type TunableOptions = Partial<Omit<SimulatorOptions, 'host' | 'port' | 'token'>>;

export type FaultKind =
  | 'http_500'
  | 'http_502'
  | 'http_503'
  | 'http_504'
  | 'http_429'
  | 'throttle_envelope'
  | 'unauthenticated'
  | 'cut_before_accept'
  | 'cut_after_accept'
  | 'html_200'
  | 'not_json'
  | 'unexpected_shape'
  | 'delay';

export type ApiOperation = 'send' | 'bulk' | 'get' | 'list' | 'balance';

export interface FaultRule {
  kind: FaultKind;
  /** Which operation it applies to, default 'any'. */
  on?: ApiOperation | 'any';
  /** How many matching calls it hits, default 1. */
  times?: number;
  /** For 'delay'. */
  delayMs?: number;
  /** For 'http_429'. */
  retryAfterSeconds?: number;
}

/** The platform's JSON form of a message (snake_case, as the gateway answers). */
export interface SimRecord {
  uid: string;
  to: string;
  from: string;
  message: string;
  sms_type: 'plain' | 'unicode' | 'mms';
  status: string;
  sms_count: number;
  cost: string;
  send_by: 'from' | 'to';
  created_at: string;
  updated_at: string;
}

export interface SimulatorStats {
  /** API calls received (admin calls not counted). */
  requests: number;
  /** API calls per operation: send, bulk, get, list, and unknown for paths that answered 404. */
  byOperation: Record<string, number>;
  /** Answers with HTTP 429, from rateLimit or an http_429 fault. */
  answered429: number;
  /** Calls refused by rateLimit, in either throttleAnswer form. */
  throttled: number;
  /** The same, per operation (a client's send calls and its list walks share one limit). */
  throttledByOperation: Record<string, number>;
  /** Queued rules applied plus random errorRate/cutRate hits. */
  faultsApplied: number;
  /** Connections destroyed without an answer. */
  cut: number;
}

export interface Simulator {
  /** Base URL ending in '/api/v3/', e.g. 'http://127.0.0.1:41234/api/v3/'. */
  readonly url: string;
  readonly token: string;
  /** Queued; each applies to the next matching calls (before random faults). */
  injectFaults(...rules: FaultRule[]): void;
  clearFaults(): void;
  setOptions(options: TunableOptions): void;
  /** A customer's SMS to us. */
  injectInbound(input: { from: string; message: string }): SimRecord;
  /** Every record, oldest first, with statuses as of now. */
  records(): readonly SimRecord[];
  /** Records sent by us (send_by 'from'), oldest first. */
  outbound(): SimRecord[];
  /** Outbound records to that number (digits with country code), oldest first. */
  sentTo(phone: string): SimRecord[];
  stats(): SimulatorStats;
  /** SMS units left, as `GET balance` answers them; undefined = unlimited. */
  remainingBalance(): number | undefined;
  /** Forgets records, faults and stats. */
  reset(): void;
  close(): Promise<void>;
}
