import type { Command } from 'commander';
import type { WorkerFlags } from '../worker.js';
import { withJsonOption, type CommandHost } from './host.js';

/** `cafe-sms worker [--until-idle]`: the outbox worker (see workerCommand in ../worker.ts). */
export function declareWorkerCommand(program: Command, host: CommandHost): void {
  withJsonOption(
    program
      .command('worker')
      .description('send queued campaign and one-off messages exactly once, track delivery and act on STOP replies')
      .option('--until-idle', 'stop once nothing is left to send now, instead of running until SIGTERM/SIGINT'),
  ).action(async (flags: WorkerFlags) => {
    const [{ workerCommand }, context] = await Promise.all([import('../worker.js'), host.context()]);
    await workerCommand(context, flags);
  });
}
