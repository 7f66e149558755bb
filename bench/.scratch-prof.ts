// scratch (not part of the tree): prepare a campaign and run the worker once, optionally with --cpu-prof
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTempDir, runCli } from '../test/support/index.js';
import { BENCH_TEMPLATE, seedAudience } from './support/campaign-audience.js';
import { startSimulatorProcess } from './support/simulator-process.js';
import { buildBulkBodies, runReferenceClient } from './support/reference-client.js';
import { benchBody, benchCustomer } from './support/campaign-audience.js';

const TOKEN = 'bench-token-not-a-secret';
const N = Number(process.argv[2] ?? 100000);
const PROF = process.argv[3] === 'prof';
const PRELOAD = fileURLToPath(new URL('./support/report-peak-rss.mjs', import.meta.url));
const root = await createTempDir('cafe-prof-');
const sim = await startSimulatorProcess(root.path, TOKEN);
try {
  const warm = Array.from({ length: 5000 }, (_, i) => ({ to: benchCustomer(i).phone, message: benchBody(i) }));
  await runReferenceClient(sim.url, TOKEN, buildBulkBodies(warm), 5000, 4);
  await sim.reset();
  const cwd = root.file('c'); mkdirSync(cwd, { recursive: true });
  const databaseUrl = path.join(cwd, 'cafe.db');
  await seedAudience(databaseUrl, N, 'bench');
  const env = { SMSAPP_API_URL: sim.url, SMSAPP_API_TOKEN: TOKEN, DATABASE_URL: databaseUrl, QUIET_HOURS: 'off', SEND_RATE: '1000000', SEND_CONCURRENCY: '4', LOG_LEVEL: 'warn', CAFE_BENCH_PEAK_RSS_FILE: path.join(cwd, 'rss.txt') };
  const c = await runCli(['campaign', 'create', '--name', 'x', '--message', BENCH_TEMPLATE, '--tag', 'bench', '--json'], { cwd, env, timeoutMs: 120000 });
  const id = JSON.parse(c.stdout).id ?? JSON.parse(c.stdout).campaign.id;
  await runCli(['campaign', 'start', String(id), '--json'], { cwd, env, timeoutMs: 120000 });
  const t0 = performance.now();
  const nodeArgs = ['--import', PRELOAD, ...(PROF ? ['--cpu-prof', '--cpu-prof-dir', '/tmp/prof'] : []), ...(process.env.HEAP ? [`--max-old-space-size=${process.env.HEAP}`] : [])];
  const r = await runCli(['worker', '--until-idle', '--json'], { cwd, env, nodeArgs, timeoutMs: 900000 });
  const ms = performance.now() - t0;
  const { readFileSync } = await import('node:fs');
  const rss = Number(readFileSync(path.join(cwd, 'rss.txt'), 'utf8')) * 1024 / 1e6;
  console.log(JSON.stringify({ code: r.code, ms: Math.round(ms), rate: Math.round(N / ms * 1000), rssMb: Math.round(rss), recorded: await sim.messageCount(), summary: r.code === 0 ? JSON.parse(r.stdout) : r.stderr.slice(-3000) }));
  await sim.reset();
  const ref = await runReferenceClient(sim.url, TOKEN, buildBulkBodies(Array.from({ length: N }, (_, i) => ({ to: benchCustomer(i).phone, message: benchBody(i) }))), N, 4);
  console.log(JSON.stringify({ reference: Math.round(N / ref.elapsedMs * 1000) }));
} finally { await sim.stop(); await root.remove(); }
