import { getHeapStatistics } from 'node:v8';
import type { Logger } from '../log/index.js';

/**
 * Above this, V8 runs with Node's default heap limit (a quarter of the machine's memory), not the
 * 512 MB bin/cafe-sms.js asks for: then the old generation grows to several times the worker's live
 * objects before it is collected.
 */
const BOUNDED_HEAP_BYTES = 1024 * 1024 * 1024;

/** Says, once per run, when the process was started without the heap limits (e.g. `node bin/cafe-sms.js worker`). */
export function noteHeapBounds(logger: Logger, heapLimitBytes = getHeapStatistics().heap_size_limit): boolean {
  const bounded = heapLimitBytes <= BOUNDED_HEAP_BYTES;
  if (!bounded) {
    logger.info(
      { heapLimitMb: Math.round(heapLimitBytes / 1e6) },
      'the worker runs with Node.js default heap limits and may take twice the memory: start it as `npx cafe-sms worker`, which sets them',
    );
  }
  return bounded;
}
