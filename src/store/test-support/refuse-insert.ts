import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { isPostgres } from '../dialect.js';

/** A real failure of the real database: a trigger refuses the contact with this phone ("the disk is full"). */
export async function refuseContactInsert<DB>(db: Kysely<DB>, phone: string): Promise<void> {
  if (isPostgres(db)) {
    await sql`create function refuse_one() returns trigger language plpgsql as $$ begin raise exception 'the disk is full'; end $$`.execute(
      db,
    );
    await sql`create trigger refuse_one before insert on contacts for each row
      when (new.phone = ${sql.lit(phone)}) execute function refuse_one()`.execute(db);
    return;
  }
  await sql`create trigger refuse_one before insert on contacts when new.phone = ${sql.lit(phone)}
    begin select raise(abort, 'the disk is full'); end`.execute(db);
}
