#!/usr/bin/env node
// The CLI is compiled to dist/ by `npm install` (the prepare script).
import('../dist/cli/main.js').catch((error) => {
  if (error && error.code === 'ERR_MODULE_NOT_FOUND') {
    console.error('cafe-sms is not built yet: run `npm install` (or `npm run build`) in the checkout.');
    process.exit(2);
  }
  throw error;
});
