import type { Command } from 'commander';
import type { ServeFlags } from '../serve.js';
import { runAction, withJsonOption, type CommandHost } from './host.js';

/** `cafe-sms serve`: the dashboard, the HTTP API and the outbox worker in one process (what `npm start` runs). */
export function declareServeCommand(program: Command, host: CommandHost): void {
  withJsonOption(
    program
      .command('serve')
      .description('run the dashboard, the HTTP API and the outbox worker (sandbox mode without SMSAPP_API_TOKEN)')
      .option('--port <port>', 'port to listen on (default PORT, or 3000; 0 picks a free one)')
      .option('--host <host>', 'address to listen on (default HOST, or 127.0.0.1)')
      .option('--no-worker', 'do not send from this process: leave sending to `cafe-sms worker` processes (several servers on PostgreSQL)'),
  ).action((flags: ServeFlags) => runAction(host, flags, async (context) => (await import('../serve.js')).serveCommand(context, flags)));
}
