// Module hooks (they run on Node's loader thread): each loaded module's URL, a line each.
import { appendFileSync } from 'node:fs';

export async function load(url, context, nextLoad) {
  const file = process.env.CAFE_TEST_LOADS_FILE;
  if (file) appendFileSync(file, `${url}\n`);
  return nextLoad(url, context);
}
