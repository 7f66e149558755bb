import type { Kysely } from 'kysely';
import { runBulkSql, runWrite } from '../bulk-sql.js';
import type { Database } from '../schema.js';

/**
 * Chores one process does at a time (the gateway list walk, preparing campaigns): whoever holds a
 * chore's lease does it, renewing the lease while it lives; when the holder dies, the lease runs
 * out and another process takes the chore over. One conditional upsert takes or renews a lease, on
 * SQLite and PostgreSQL alike.
 */
export async function takeLease(db: Kysely<Database>, lease: { name: string; holder: string; now: Date; ttlMs: number }): Promise<boolean> {
  const nowIso = lease.now.toISOString();
  const expiresIso = new Date(lease.now.getTime() + lease.ttlMs).toISOString();
  const rows = await runBulkSql<{ holder: string }>(
    db,
    `insert into leases (name, holder, expires_at, updated_at) values (?, ?, ?, ?)
     on conflict (name) do update set holder = excluded.holder, expires_at = excluded.expires_at, updated_at = excluded.updated_at
     where leases.holder = excluded.holder or leases.expires_at < ?
     returning holder`,
    [lease.name, lease.holder, expiresIso, nowIso, nowIso],
  );
  return rows.length > 0;
}

/** Gives the lease up (a clean stop), so another process need not wait for it to run out. */
export async function releaseLease(db: Kysely<Database>, lease: { name: string; holder: string }): Promise<void> {
  await runWrite(db, 'delete from leases where name = ? and holder = ?', [lease.name, lease.holder]);
}

/** Who holds each lease now, for the dashboard. */
export async function listLeases(db: Kysely<Database>, now: Date): Promise<{ name: string; holder: string; expiresAt: string }[]> {
  const rows = await db
    .selectFrom('leases')
    .select(['name', 'holder', 'expires_at'])
    .where('expires_at', '>=', now.toISOString())
    .execute();
  return rows.map((row) => ({ name: row.name, holder: row.holder, expiresAt: row.expires_at }));
}
