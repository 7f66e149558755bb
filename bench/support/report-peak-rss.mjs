// Preloaded with `node --import bench/support/report-peak-rss.mjs …` (or NODE_OPTIONS): on exit,
// writes the process's own peak resident set size, in kilobytes, to the file named by
// CAFE_BENCH_PEAK_RSS_FILE, so a benchmark can read the peak memory of a child it spawned.
//
// The peak is VmHWM from /proc/self/status: the high-water mark of this program's memory since it
// started. process.resourceUsage().maxRSS is not: Linux carries the parent's resident size at the
// fork into a spawned child's maxRSS, so a worker spawned by a benchmark process of 170 MB reported
// 170 MB whatever it used itself (measured 2026-12-03: maxRSS 139 MB where VmHWM was 112 MB).
// maxRSS stays the figure where /proc is missing.
import { readFileSync, writeFileSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';

const file = process.env.CAFE_BENCH_PEAK_RSS_FILE;

function ownPeakKb() {
  try {
    const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (match) return Number(match[1]);
  } catch {
    // not Linux: fall through
  }
  return process.resourceUsage().maxRSS;
}

if (file && isMainThread) {
  process.on('exit', () => {
    writeFileSync(file, `${ownPeakKb()}\n`);
  });
}
