// Preloaded with `node --import bench/support/report-peak-rss.mjs …`: on exit, writes the process's
// peak resident set size (process.resourceUsage().maxRSS, in kilobytes) to the file named by
// CAFE_BENCH_PEAK_RSS_FILE, so a benchmark can read the peak memory of a child it spawned.
import { writeFileSync } from 'node:fs';

const file = process.env.CAFE_BENCH_PEAK_RSS_FILE;
if (file) {
  process.on('exit', () => {
    writeFileSync(file, `${process.resourceUsage().maxRSS}\n`);
  });
}
