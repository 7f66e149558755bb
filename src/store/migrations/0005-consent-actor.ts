import type { Kysely } from 'kysely';

/**
 * Who changed a customer's consent: the signed-in user's name, or the API key's. Kept as text
 * rather than a user id so the record still says who after that user is removed.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('consent_events').addColumn('actor', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('consent_events').dropColumn('actor').execute();
}
