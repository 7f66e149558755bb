#!/usr/bin/env -S node --max-old-space-size=512 --max-semi-space-size=4
// The CLI is compiled to dist/ by `npm install` (the prepare script).
// The flags above bound V8's heap, which only the command line can do: without them the outbox
// worker's old generation grows to several times its live objects before V8 collects it, and its
// young generation to tens of MB. With them `cafe-sms worker` peaks near 100 MB instead of 120-230
// (docs/outbox.md, "The worker's heap"). The young generation is 4 MB, not 2: 2 MB saved the
// worker some 5 MB but cost `cafe-sms bulk` 11 % more CPU. `npx cafe-sms` and an installed
// `cafe-sms` start through this line; `node bin/cafe-sms.js` does not, and the worker then says so
// in its log.
import('../dist/cli/main.js').catch((error) => {
  if (error && error.code === 'ERR_MODULE_NOT_FOUND') {
    console.error('cafe-sms is not built yet: run `npm install` (or `npm run build`) in the checkout.');
    process.exit(2);
  }
  throw error;
});
