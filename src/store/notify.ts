import type pg from 'pg';
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Logger } from '../log/index.js';
import type { PostgresLocation } from './database-url.js';
import { isPostgres } from './dialect.js';

/**
 * PostgreSQL LISTEN/NOTIFY: a one-off queued by any server wakes idle workers on every machine at
 * once, instead of at their next look. The notice is sent inside the inserting transaction, so it
 * arrives only once the row is committed. Cafes sharing one database in several schemas share the
 * channel: a wake-up for another cafe costs one empty look.
 */
const WORK_CHANNEL = 'cafe_sms_work';
const RECONNECT_MS = 1000;
/** A reconnect that hangs would leave the worker deaf to notices: it fails instead, and is tried again. */
const CONNECT_TIMEOUT_MS = 5000;

/** Says "new work" to the workers listening (PostgreSQL; nothing on SQLite, whose workers look every poll). */
export async function announceWork<DB>(db: Kysely<DB>): Promise<void> {
  if (isPostgres(db)) await sql`select pg_notify(${WORK_CHANNEL}, '')`.execute(db);
}

/**
 * Listens on a connection of its own (a pooled one would be handed to other queries) and calls
 * `wake` for every notice. A lost connection (a restart, pg_terminate_backend) is opened again
 * after a second; meanwhile the worker's own polling covers. Answers how to stop.
 */
export function listenForWork(location: PostgresLocation, logger: Logger): (wake: () => void) => Promise<() => Promise<void>> {
  return async (wake) => {
    let stopped = false;
    let client: pg.Client | undefined;
    let retry: NodeJS.Timeout | undefined;
    const connect = async (): Promise<void> => {
      // Loaded here, not at import: announceWork is imported by SQLite cafes' commands too.
      const { default: pg } = await import('pg');
      const next = new pg.Client({
        connectionString: location.connectionString,
        connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
        ...(location.schema === undefined ? {} : { options: `-c search_path=${location.schema}` }),
      });
      next.on('notification', () => wake());
      next.on('error', (error) => lost(next, error));
      next.on('end', () => lost(next));
      await next.connect();
      await next.query(`listen ${WORK_CHANNEL}`);
      client = next;
    };
    const lost = (which: pg.Client, error?: Error): void => {
      if (stopped || which !== client) return;
      client = undefined;
      which.end().catch(() => undefined);
      logger.warn({ err: error?.message }, 'lost the connection that listens for new messages; opening it again');
      scheduleReconnect();
    };
    const scheduleReconnect = (): void => {
      retry = setTimeout(() => {
        connect()
          .then(() => wake())
          .catch((error: unknown) => {
            logger.warn({ err: (error as Error).message }, 'cannot listen for new messages yet');
            if (!stopped) scheduleReconnect();
          });
      }, RECONNECT_MS);
      retry.unref();
    };
    await connect();
    return async () => {
      stopped = true;
      clearTimeout(retry);
      await client?.end().catch(() => undefined);
    };
  };
}
