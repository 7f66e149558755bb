import type { Kysely } from 'kysely';
import type { Config } from '../config/index.js';
import type { Logger } from '../log/index.js';
import type { Simulator } from '../simulator/index.js';
import type { Database, GroupCommit } from '../store/index.js';
import type { SignInLimiter } from './auth/sign-in-limit.js';
import type { Settings } from '../settings/index.js';

/** sandbox: the built-in simulator stands in for the gateway and nothing is really sent. */
export type Mode = 'sandbox' | 'live';

/** The part of the outbox worker the API shows: what it is doing now. */
export interface WorkerView {
  snapshot(): unknown;
}

/** Everything route handlers use, made once per app by buildApp. */
export interface AppDeps {
  db: Kysely<Database>;
  /** Small writes many requests make at once (queuing one-offs): on SQLite they share commits. */
  groupCommit: GroupCommit;
  config: Readonly<Config>;
  logger: Logger;
  mode: Mode;
  now: () => Date;
  worker: WorkerView | undefined;
  sandbox: Simulator | undefined;
  /** Called after settings were stored, so the worker can be restarted with them. */
  onSettingsChanged: (settings: Settings) => Promise<void>;
  signInLimiter: SignInLimiter;
  sessionTtlMs: number;
}
