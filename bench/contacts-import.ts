/**
 * `cafe-sms contacts import` of 100,000 contacts, spawned like a user would run it, on a fresh
 * database: time and rows/s (target: a few seconds), then the same file again (every row an update).
 * Memory must stay flat: a 400,000-row import may peak no more than 30% above the 100,000-row one.
 */
import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { once } from 'node:events';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTempDir, runCli } from '../test/support/index.js';
import type { BenchResult, Benchmark } from './support/types.js';

const ROWS = 100_000;
const BIG_ROWS = 400_000;
const TIME_TARGET_S = 5;
const RSS_GROWTH_TARGET = 1.3;
const PEAK_RSS_PRELOAD = fileURLToPath(new URL('./support/report-peak-rss.mjs', import.meta.url));

/** Streams a CSV of distinct valid numbers with a name, tags and two custom fields. */
async function writeContactsCsv(file: string, rows: number): Promise<void> {
  const out = createWriteStream(file);
  out.write('Mobile Number,Customer Name,Tags,City,Favourite Drink\n');
  const cities = ['Lahore', 'Karachi', 'Islamabad', 'Multan'];
  for (let i = 0; i < rows; i++) {
    const phone = `030${String(i % 5)}${String(1_000_000 + Math.floor(i / 5))
      .padStart(7, '0')
      .slice(-7)}`;
    const line = `${phone.slice(0, 4)}-${phone.slice(4)},Customer ${i},${i % 3 ? 'regulars' : 'vip;lunch'},${cities[i % 4]},chai\n`;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

interface ImportRun {
  seconds: number;
  peakRssMb: number;
  summary: { imported: number; updated: number; merged: number; rejected: unknown[]; total: number };
}

async function runImport(cwd: string, csv: string, database: string): Promise<ImportRun> {
  const rssFile = path.join(cwd, 'peak-rss.txt');
  const started = performance.now();
  const result = await runCli(['contacts', 'import', csv, '--json'], {
    cwd,
    env: { DATABASE_URL: database, CAFE_BENCH_PEAK_RSS_FILE: rssFile, LOG_LEVEL: 'warn' },
    nodeArgs: ['--import', PEAK_RSS_PRELOAD],
    timeoutMs: 600_000,
  });
  const seconds = (performance.now() - started) / 1000;
  if (result.code !== 0) throw new Error(`cafe-sms contacts import exited with ${result.code}:\n${result.stdout}\n${result.stderr}`);
  const maxRssKb = Number((await readFile(rssFile, 'utf8')).trim());
  return { seconds, peakRssMb: (maxRssKb * 1024) / 1e6, summary: JSON.parse(result.stdout) as ImportRun['summary'] };
}

const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;

async function measure(dir: string): Promise<BenchResult[]> {
  const csv = path.join(dir, 'contacts.csv');
  await writeContactsCsv(csv, ROWS);
  const fresh = await runImport(dir, csv, path.join(dir, 'contacts.db'));
  const again = await runImport(dir, csv, path.join(dir, 'contacts.db'));

  const bigCsv = path.join(dir, 'big.csv');
  await writeContactsCsv(bigCsv, BIG_ROWS);
  const big = await runImport(dir, bigCsv, path.join(dir, 'big.db'));
  const growth = round(big.peakRssMb / fresh.peakRssMb);

  return [
    {
      metric: `import ${ROWS} new contacts (whole CLI process)`,
      value: round(fresh.seconds),
      unit: 's',
      target: `< ${TIME_TARGET_S} s`,
      pass: fresh.seconds < TIME_TARGET_S,
    },
    { metric: 'import rate, new contacts', value: Math.round(ROWS / fresh.seconds), unit: 'rows/s' },
    {
      metric: `contacts imported`,
      value: fresh.summary.imported,
      unit: 'rows',
      target: `= ${ROWS}`,
      pass: fresh.summary.imported === ROWS,
    },
    {
      metric: `re-import the same ${ROWS} (all updates)`,
      value: round(again.seconds),
      unit: 's',
      target: `< ${TIME_TARGET_S} s`,
      pass: again.seconds < TIME_TARGET_S,
    },
    { metric: 'contacts updated', value: again.summary.updated, unit: 'rows', target: `= ${ROWS}`, pass: again.summary.updated === ROWS },
    { metric: `peak RSS, ${ROWS} rows`, value: Math.round(fresh.peakRssMb), unit: 'MB' },
    { metric: `peak RSS, ${BIG_ROWS} rows`, value: Math.round(big.peakRssMb), unit: 'MB' },
    { metric: `import rate, ${BIG_ROWS} rows`, value: Math.round(BIG_ROWS / big.seconds), unit: 'rows/s' },
    {
      metric: 'peak RSS growth for 4x the rows',
      value: growth,
      unit: 'x',
      target: `<= ${RSS_GROWTH_TARGET}`,
      pass: growth <= RSS_GROWTH_TARGET,
    },
  ];
}

const contactsImport: Benchmark = {
  name: 'contacts-import (100,000 rows)',
  async run() {
    const dir = await createTempDir('cafe-bench-contacts-');
    try {
      return await measure(dir.path);
    } finally {
      await dir.remove();
    }
  },
};

export default contactsImport;
