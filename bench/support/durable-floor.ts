/**
 * The durable floor: the least any outbox that keeps the exactly-once promise must do per message,
 * written as directly as it can be, to show what the campaign throughput target asks of the worker
 * on this machine.
 *
 * Per 50-message call it does what a durable sender cannot skip, and nothing else:
 * - a claim committed before the request (each recipient's row inserted straight into `sending`,
 *   with synchronous=FULL, as the store commits claims: a power cut must not forget a claim);
 * - the request, through undici's keep-alive pool, 4 in flight, as the worker makes it;
 * - the answer written to the same row (state, uid, time of the next delivery check), in the
 *   transaction of the next claims, as the worker records answers.
 * It runs warm inside the benchmark process, on the real table and its indexes, with raw
 * better-sqlite3 statements prepared once. It leaves out what the real worker does besides: start
 * a process and a thread, check consent and campaign state, render templates and count segments,
 * pace, retry, log, reconcile, and go through kysely. It is a yardstick, not a product: it
 * handles no failure (any error ends the run) and assumes the audience is 50 × n contacts.
 */
import BetterSqlite3 from 'better-sqlite3';
import { Agent, request, type Dispatcher } from 'undici';
import { openStore } from '../../src/store/index.js';
import { BENCH_TEMPLATE } from './campaign-audience.js';

const BATCH = 50;
const WORKER_ID = 'durable-floor';
/** Answers recorded together, and calls claimed ahead: as the worker's pipeline does at 4 in flight. */
const ANSWERS_PER_COMMIT = 4;

const COLUMNS = [
  'campaign_id',
  'contact_id',
  'phone',
  'body',
  'type',
  'encoding',
  'segments',
  'promotional',
  'priority',
  'state',
  'attempts',
  'next_attempt_at',
  'claimed_by',
  'claimed_at',
  'created_at',
  'updated_at',
] as const;

const row = (columns: number) => `(${Array.from({ length: columns }, () => '?').join(', ')})`;
const rows = (count: number, columns: number) => Array.from({ length: count }, () => row(columns)).join(', ');

export interface DurableFloorRun {
  messages: number;
  calls: number;
  elapsedMs: number;
}

interface Claimed {
  id: number;
  phone: string;
  body: string;
}

interface Answered {
  rows: Claimed[];
  uids: (string | null)[];
}

interface Statements {
  audience: BetterSqlite3.Statement;
  claim: BetterSqlite3.Statement;
  record: BetterSqlite3.Statement;
}

function prepare(db: BetterSqlite3.Database): Statements {
  return {
    audience: db.prepare(`select id, phone, name from contacts where id > ? and opted_out_at is null order by id limit ${BATCH}`),
    claim: db.prepare(
      `insert into outbox_messages (${COLUMNS.join(', ')}) values ${rows(BATCH, COLUMNS.length)} returning id, phone, body`,
    ),
    record: db.prepare(
      `update outbox_messages set state = 'accepted', gateway_uid = v.column2, gateway_status = 'Delivered', sent_at = ?,
         next_check_at = ?, updated_at = ?
       from (values ${rows(BATCH, 2)}) as v
       where outbox_messages.id = v.column1 and outbox_messages.claimed_by = ? and +outbox_messages.state = 'sending'`,
    ),
  };
}

/** The benchmark's body for one contact, rendered without the template engine. */
function renderBody(name: string): string {
  return `${BENCH_TEMPLATE.replace('{{name}}', name)}\nReply STOP to opt out.`;
}

/**
 * Sends a message to every contact of the database at `databaseUrl` (seeded, with no campaign
 * yet) through `{baseUrl}sms/send-bulk-messages`, as the durable floor described above.
 */
export async function runDurableFloor(databaseUrl: string, baseUrl: string, token: string, concurrency: number): Promise<DurableFloorRun> {
  // The real schema, migrations and all; then a raw connection opened as the store opens its own.
  const store = await openStore(databaseUrl);
  const path = store.path;
  await store.close();
  const db = new BetterSqlite3(path);
  const dispatcher = new Agent({ connections: 16 });
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    const now = new Date().toISOString();
    const campaignId = Number(
      db
        .prepare(
          `insert into campaigns (name, template, type, purpose, state, created_at, updated_at, started_at)
           values ('durable floor', ?, 'text', 'promotional', 'running', ?, ?, ?)`,
        )
        .run(BENCH_TEMPLATE, now, now, now).lastInsertRowid,
    );
    return await sendAll(db, prepare(db), { campaignId, url: new URL('sms/send-bulk-messages', baseUrl), token, dispatcher, concurrency });
  } finally {
    db.close();
    await dispatcher.close();
  }
}

interface SendContext {
  campaignId: number;
  url: URL;
  token: string;
  dispatcher: Dispatcher;
  concurrency: number;
}

async function sendAll(db: BetterSqlite3.Database, statements: Statements, ctx: SendContext): Promise<DurableFloorRun> {
  let cursor = 0;
  let exhausted = false;
  let inFlight = 0;
  let messages = 0;
  let calls = 0;
  const ready: Claimed[][] = [];
  let answered: Answered[] = [];
  let wake: () => void = () => {};

  const claimNext = (nowIso: string): Claimed[] | undefined => {
    const contacts = statements.audience.all(cursor) as { id: number; phone: string; name: string }[];
    if (contacts.length < BATCH) {
      exhausted = true;
      return undefined;
    }
    cursor = contacts[contacts.length - 1]!.id;
    const values: unknown[] = [];
    for (const c of contacts) {
      values.push(
        ctx.campaignId,
        c.id,
        c.phone,
        renderBody(c.name),
        'text',
        'GSM-7',
        1,
        1,
        0,
        'sending',
        1,
        nowIso,
        WORKER_ID,
        nowIso,
        nowIso,
        nowIso,
      );
    }
    return statements.claim.all(...values) as Claimed[];
  };

  // One commit: the answers waiting, then claims until two rounds of calls are ready.
  const exchange = db.transaction((waiting: Answered[]) => {
    const nowIso = new Date().toISOString();
    for (const answer of waiting) {
      const values: unknown[] = [nowIso, nowIso, nowIso];
      answer.rows.forEach((claimed, i) => values.push(claimed.id, answer.uids[i]));
      values.push(WORKER_ID);
      statements.record.run(...values);
    }
    while (!exhausted && ready.length < 2 * ctx.concurrency) {
      const claimed = claimNext(nowIso);
      if (claimed !== undefined) ready.push(claimed);
    }
  });

  const send = async (claimed: Claimed[]): Promise<void> => {
    const body = JSON.stringify(claimed.map((c) => ({ contact: Number(c.phone), message: c.body, type: 'text' })));
    const response = await request(ctx.url, {
      method: 'POST',
      headers: { authorization: `Bearer ${ctx.token}`, accept: 'application/json', 'content-type': 'application/json' },
      body,
      dispatcher: ctx.dispatcher,
      signal: AbortSignal.timeout(30_000),
    });
    const answer = (await response.body.json()) as { status?: string; message?: string; data?: { uid?: string }[] };
    if (answer.status !== 'success')
      throw new Error(`durable floor: bulk call failed: HTTP ${response.statusCode} ${answer.message ?? ''}`);
    answered.push({ rows: claimed, uids: claimed.map((_, i) => answer.data?.[i]?.uid ?? null) });
  };

  let failure: unknown;
  const started = performance.now();
  for (;;) {
    if (failure !== undefined) throw failure instanceof Error ? failure : new Error('durable floor: a call failed', { cause: failure });
    const starved = ready.length < ctx.concurrency && !exhausted;
    if (answered.length >= ANSWERS_PER_COMMIT || starved || (inFlight === 0 && answered.length > 0)) {
      const waiting = answered;
      answered = [];
      exchange(waiting);
    }
    while (ready.length > 0 && inFlight < ctx.concurrency) {
      const claimed = ready.shift()!;
      inFlight += 1;
      calls += 1;
      send(claimed)
        .then(() => {
          messages += claimed.length;
        })
        .catch((error: unknown) => {
          failure ??= error;
        })
        .finally(() => {
          inFlight -= 1;
          wake();
        });
    }
    if (exhausted && ready.length === 0 && inFlight === 0 && answered.length === 0) break;
    await new Promise<void>((resolve) => {
      wake = resolve;
    });
  }
  return { messages, calls, elapsedMs: performance.now() - started };
}
