import type { ExpressionBuilder, Kysely } from 'kysely';
import type { Database } from './schema.js';

/**
 * Failed sign-ins and trusted addresses, shared by every server on the database; the rules that
 * use them are in server/auth/sign-in-limit.ts. Each function takes `db` first. Times are ISO text,
 * which compares as strings on both databases; every write is one statement, so it needs no
 * transaction and two servers counting the same key at once both count.
 */

/** An address key and a username key, already normalised by the caller. */
export interface SignInKeys {
  address: string;
  username: string;
}

export interface SignInFailureRecord {
  failures: number;
  lastFailureAt: string;
}

export interface SignInFailureRecords {
  address: SignInFailureRecord | undefined;
  username: SignInFailureRecord | undefined;
}

/** The address record and the username record of one try, by primary key. */
function bothRecords(eb: ExpressionBuilder<Database, 'sign_in_failures'>, keys: SignInKeys) {
  return eb.or([
    eb.and([eb('kind', '=', 'address'), eb('key', '=', keys.address)]),
    eb.and([eb('kind', '=', 'username'), eb('key', '=', keys.username)]),
  ]);
}

/** Both records of a try; one whose last failure is at or before `forgetBeforeIso` counts as gone. */
export async function readSignInFailures(db: Kysely<Database>, keys: SignInKeys, forgetBeforeIso: string): Promise<SignInFailureRecords> {
  const rows = await db
    .selectFrom('sign_in_failures')
    .select(['kind', 'failures', 'last_failure_at'])
    .where((eb) => bothRecords(eb, keys))
    .where('last_failure_at', '>', forgetBeforeIso)
    .execute();
  const record = (kind: 'address' | 'username'): SignInFailureRecord | undefined => {
    const row = rows.find((candidate) => candidate.kind === kind);
    return row === undefined ? undefined : { failures: Number(row.failures), lastFailureAt: row.last_failure_at };
  };
  return { address: record('address'), username: record('username') };
}

/**
 * One more failure on both records, last at `nowIso`. A record whose last failure is at or before
 * `forgetBeforeIso` starts again at 1, as if housekeeping had already deleted it.
 */
export async function addSignInFailure(db: Kysely<Database>, keys: SignInKeys, nowIso: string, forgetBeforeIso: string): Promise<void> {
  await db
    .insertInto('sign_in_failures')
    .values([
      { kind: 'address', key: keys.address, failures: 1, last_failure_at: nowIso },
      { kind: 'username', key: keys.username, failures: 1, last_failure_at: nowIso },
    ])
    .onConflict((oc) =>
      oc.columns(['kind', 'key']).doUpdateSet((eb) => ({
        failures: eb
          .case()
          .when('sign_in_failures.last_failure_at', '>', forgetBeforeIso)
          .then(eb('sign_in_failures.failures', '+', 1))
          .else(1)
          .end(),
        last_failure_at: eb.ref('excluded.last_failure_at'),
      })),
    )
    .execute();
}

/** After a successful sign-in: neither the address nor the username holds anyone back any more. */
export async function clearSignInFailures(db: Kysely<Database>, keys: SignInKeys): Promise<void> {
  await db
    .deleteFrom('sign_in_failures')
    .where((eb) => bothRecords(eb, keys))
    .execute();
}

/** The username signed in from the address at `nowIso`. */
export async function recordSignInTrust(db: Kysely<Database>, keys: SignInKeys, nowIso: string): Promise<void> {
  await db
    .insertInto('sign_in_trust')
    .values({ username: keys.username, address: keys.address, signed_in_at: nowIso })
    .onConflict((oc) => oc.columns(['username', 'address']).doUpdateSet({ signed_in_at: nowIso }))
    .execute();
}

/** Whether the username signed in from the address after `sinceIso`. */
export async function isSignInTrusted(db: Kysely<Database>, keys: SignInKeys, sinceIso: string): Promise<boolean> {
  const row = await db
    .selectFrom('sign_in_trust')
    .select('username')
    .where('username', '=', keys.username)
    .where('address', '=', keys.address)
    .where('signed_in_at', '>', sinceIso)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Housekeeping: deletes failure records last failed at or before `failuresBeforeIso` and trust
 * last earned at or before `trustBeforeIso`; both are already ignored by the reads above.
 */
export async function deleteStaleSignInRecords(
  db: Kysely<Database>,
  cutoffs: { failuresBeforeIso: string; trustBeforeIso: string },
): Promise<number> {
  const failures = await db.deleteFrom('sign_in_failures').where('last_failure_at', '<=', cutoffs.failuresBeforeIso).executeTakeFirst();
  const trust = await db.deleteFrom('sign_in_trust').where('signed_in_at', '<=', cutoffs.trustBeforeIso).executeTakeFirst();
  return Number(failures.numDeletedRows) + Number(trust.numDeletedRows);
}
