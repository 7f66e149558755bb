import { Socket } from 'node:net';
import { defineConfig } from 'vitest/config';

/**
 * Two projects: every test on SQLite, and the tests that touch the database (store, outbox,
 * campaigns, contacts, access, the API, the crash tests, test/postgres) again on PostgreSQL, each
 * test in a schema of its own (src/store/test-support/test-database.ts).
 *
 * In CI the PostgreSQL project always runs, so a missing server fails the build. Locally it is
 * skipped with a notice when nothing answers at 127.0.0.1:5432, as the browser tests are without
 * Chromium.
 */
const ON_POSTGRES = [
  'src/store/**/*.test.ts',
  'src/outbox/**/*.test.ts',
  'src/campaigns/**/*.test.ts',
  'src/contacts/**/*.test.ts',
  'src/inbound/**/*.test.ts',
  'src/access/**/*.test.ts',
  'src/settings/**/*.test.ts',
  'src/server/**/*.test.ts',
  'test/outbox-crash/**/*.test.ts',
  'test/postgres/**/*.test.ts',
];

/** SQLite's own behaviour (files, pragmas, its write lock, its statement cache): no PostgreSQL twin. */
const SQLITE_ONLY = ['src/store/open-store.test.ts', 'src/store/statement-cache.test.ts', 'src/store/write-transaction.test.ts'];

const SHARED = {
  testTimeout: 30_000,
  hookTimeout: 30_000,
};

export default defineConfig(async () => {
  const postgres = process.env['CI'] !== undefined || (await answers(postgresAddress()));
  if (!postgres) console.warn('\n  PostgreSQL is not running at 127.0.0.1:5432: the tests on PostgreSQL are skipped (CI runs them).\n');
  return {
    test: {
      // Tests spawn real processes and servers; two cores are all CI has.
      maxWorkers: 2,
      projects: [
        {
          test: {
            ...SHARED,
            name: 'sqlite',
            include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'web/src/**/*.test.ts'],
            exclude: ['test/postgres/**'],
          },
        },
        ...(postgres
          ? [
              {
                test: {
                  ...SHARED,
                  name: 'postgres',
                  include: ON_POSTGRES,
                  exclude: SQLITE_ONLY,
                  env: { CAFE_SMS_TEST_DATABASE: 'postgres' },
                },
              },
            ]
          : []),
      ],
    },
  };
});

function postgresAddress(): { host: string; port: number } {
  const url = new URL(process.env['CAFE_SMS_TEST_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test');
  return { host: url.hostname, port: Number(url.port || 5432) };
}

function answers(address: { host: string; port: number }): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('error', () => done(false));
    socket.connect(address.port, address.host, () => done(true));
  });
}
