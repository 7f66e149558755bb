/**
 * Runs every benchmark in sequence and prints one table of figures with PASS/FAIL per target.
 * `npm run bench` (builds first); `npm run bench -- <name part>` runs only the matching ones.
 * Exits 1 when a target is missed or a benchmark fails.
 * To add one: write a module whose default export is a `Benchmark` and list it below.
 */
import contactsImport from './contacts-import.js';
import campaign from './campaign.js';
import cliStartup from './cli-startup.js';
import dashboardWire from './dashboard-wire.js';
import gatewayBulk from './gateway-bulk.js';
import httpApi from './http-api.js';
import pacedSend from './paced-send.js';
import postgresWorkers from './postgres-workers.js';
import previewUnderLoad from './preview-under-load.js';
import throttle from './throttle.js';
import type { BenchResult, Benchmark } from './support/types.js';

const BENCHMARKS: Benchmark[] = [
  gatewayBulk,
  contactsImport,
  campaign,
  httpApi,
  previewUnderLoad,
  postgresWorkers,
  dashboardWire,
  throttle,
  pacedSend,
  cliStartup,
];

interface Row extends BenchResult {
  benchmark: string;
}

function formatValue(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(2);
}

function printTable(rows: readonly Row[]): void {
  const cells = rows.map((row) => [
    row.benchmark,
    row.metric,
    `${formatValue(row.value)} ${row.unit}`,
    row.target ?? '',
    row.pass === undefined ? '' : row.pass ? 'PASS' : 'FAIL',
  ]);
  const header = ['benchmark', 'metric', 'value', 'target', 'result'];
  const widths = header.map((title, i) => Math.max(title.length, ...cells.map((line) => line[i]!.length)));
  const line = (parts: string[]) =>
    parts
      .map((part, i) => (i === 2 ? part.padStart(widths[i]!) : part.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  process.stdout.write(`\n${[line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n')}\n`);
}

async function main(filters: string[]): Promise<number> {
  const selected = BENCHMARKS.filter((b) => filters.length === 0 || filters.some((f) => b.name.includes(f)));
  if (selected.length === 0) {
    process.stderr.write(`No benchmark matches ${filters.join(', ')}; there are: ${BENCHMARKS.map((b) => b.name).join(', ')}\n`);
    return 2;
  }
  const rows: Row[] = [];
  for (const benchmark of selected) {
    process.stderr.write(`running ${benchmark.name} …\n`);
    const started = performance.now();
    try {
      for (const result of await benchmark.run()) rows.push({ benchmark: benchmark.name, ...result });
    } catch (error) {
      process.stderr.write(`${benchmark.name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      rows.push({ benchmark: benchmark.name, metric: 'ran to completion', value: 0, unit: '', target: 'no error', pass: false });
    }
    process.stderr.write(`${benchmark.name} took ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  }
  printTable(rows);
  return rows.some((row) => row.pass === false) ? 1 : 0;
}

process.exitCode = await main(process.argv.slice(2));
