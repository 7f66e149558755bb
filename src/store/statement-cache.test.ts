import BetterSqlite3 from 'better-sqlite3';
import { Kysely, sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CafeSqliteDialect } from './sqlite-dialect.js';
import { withStatementCache } from './statement-cache.js';
import { NO_WAL_SYNC } from './wal-sync.js';

let sqlite: BetterSqlite3.Database;

beforeEach(() => {
  sqlite = new BetterSqlite3(':memory:');
  sqlite.exec('create table t (id integer primary key, v text)');
  sqlite.exec("insert into t (v) values ('a'), ('b'), ('c')");
});

afterEach(() => {
  if (sqlite.open) sqlite.close();
});

describe('withStatementCache', () => {
  it('answers the same statement for the same SQL text, so SQLite parses it once', () => {
    const cached = withStatementCache(sqlite);
    const first = cached.prepare('select v from t where id = ?');
    expect(cached.prepare('select v from t where id = ?')).toBe(first);
    expect(first.all([2])).toEqual([{ v: 'b' }]);
    expect(first.all([3])).toEqual([{ v: 'c' }]);
    expect(cached.prepare('select v from t where id = ? ')).not.toBe(first);
  });

  it('forgets the least recently used statement beyond its capacity', () => {
    const cached = withStatementCache(sqlite, 2);
    const a = cached.prepare('select 1');
    const b = cached.prepare('select 2');
    expect(cached.prepare('select 1')).toBe(a); // a is now the most recently used
    cached.prepare('select 3'); // evicts b
    expect(cached.prepare('select 1')).toBe(a);
    expect(cached.prepare('select 2')).not.toBe(b);
  });

  it('streams on a statement of its own: the cached one can run while a stream is open', () => {
    const cached = withStatementCache(sqlite);
    const statement = cached.prepare('select id from t order by id');
    const stream = statement.iterate([]);
    expect(stream.next().value).toEqual({ id: 1 });
    expect(statement.all([])).toEqual([{ id: 1 }, { id: 2 }, { id: 3 }]);
    expect([...stream]).toEqual([{ id: 2 }, { id: 3 }]);
  });

  it('reports writes and whether a statement reads, as kysely needs', () => {
    const cached = withStatementCache(sqlite);
    const insert = cached.prepare('insert into t (v) values (?)');
    expect(insert.reader).toBe(false);
    expect(insert.readonly).toBe(false);
    expect(insert.run(['d'])).toMatchObject({ changes: 1, lastInsertRowid: 4 });
    expect(cached.prepare('select count(*) as n from t')).toMatchObject({ reader: true, readonly: true });
  });

  it('serves kysely: queries, a stream and a transaction through the dialect', async () => {
    const db = new Kysely<{ t: { id: number; v: string } }>({
      dialect: new CafeSqliteDialect({ database: withStatementCache(sqlite), walSync: NO_WAL_SYNC }),
    });
    for (let i = 0; i < 3; i++) expect(await db.selectFrom('t').select('v').where('id', '=', 1).execute()).toEqual([{ v: 'a' }]);
    const streamed: number[] = [];
    for await (const row of db.selectFrom('t').select('id').orderBy('id').stream()) streamed.push(row.id);
    expect(streamed).toEqual([1, 2, 3]);
    await expect(
      db.transaction().execute(async (trx) => {
        await trx.insertInto('t').values({ id: 9, v: 'z' }).execute();
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await sql<{ n: number }>`select count(*) as n from t`.execute(db)).toMatchObject({ rows: [{ n: 3 }] });
    await db.destroy();
    expect(sqlite.open).toBe(false);
  });
});
