// Preloaded with `node --import …/record-loads.mjs`: registers the module hooks below, which append
// the URL of every module the process loads to the file named by CAFE_TEST_LOADS_FILE.
import { register } from 'node:module';

register('./record-loads-hooks.mjs', import.meta.url);
