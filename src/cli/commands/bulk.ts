import type { Command } from 'commander';
import type { BulkOptions } from '../bulk.js';
import { runAction, withJsonOption, type CommandHost } from './host.js';

/**
 * `cafe-sms bulk <file.csv>`: checks every row first (nothing is sent from a file with mistakes unless
 * --skip-invalid), then sends the file in bulk calls and writes a results CSV, one line per input row.
 * Rows to customers who opted out are never sent: they are `skipped`. Ctrl-C lets the calls in flight
 * finish; the rows never sent are `not_sent`, and it exits 1.
 */
export function declareBulkCommand(program: Command, host: CommandHost): void {
  withJsonOption(
    program
      .command('bulk')
      .description('send one SMS per row of a CSV file (columns phone,message and optionally type)')
      .argument('<file>', 'the CSV file; the first line names the columns')
      .option('--out <file>', 'where to write the results CSV (default <file>.results.csv)')
      .option('--skip-invalid', 'send the valid rows even if some are invalid (they are marked invalid in the results)'),
  ).action((file: string, options: BulkOptions) =>
    runAction(host, options, async (context) => (await import('../bulk.js')).bulkCommand(context, file, options)),
  );
}
