import { Option, type Command } from 'commander';
import type { CreateFlags, PreviewFlags, TransitionName } from '../campaign.js';
import type { OutputOptions } from '../output.js';
import { runAction, withJsonOption, type CommandHost } from './host.js';

const load = () => import('../campaign.js');

/** `--tag a --tag b` and `--tag a,b` both give [a, b]. */
function collect(value: string, previous: string[]): string[] {
  return [...previous, ...value.split(',')];
}

/** `cafe-sms campaign create|preview|start|pause|resume|cancel|schedule|status|list`. */
export function declareCampaignCommands(program: Command, host: CommandHost): void {
  const campaign = program
    .command('campaign')
    .description('one message to many contacts: create, preview, schedule, start, pause, resume, cancel, status, list');
  const idArgument = (command: Command) => command.argument('<id>', 'the campaign number (see `npx cafe-sms campaign list`)');

  withJsonOption(
    campaign
      .command('create')
      .description('create a campaign (a draft, or scheduled with --schedule); `npx cafe-sms worker` sends it once started')
      .requiredOption('--name <name>', 'a name for the campaign (1-100 characters)')
      .requiredOption('--message <template>', 'the text, with placeholders such as {{first_name|friend}}; for --type image, the image URL')
      .option('--tag <tag>', 'send to contacts with this tag (repeatable or comma-separated; any tag matches; none: everyone)', collect, [])
      .addOption(new Option('--type <type>', 'text or image').choices(['text', 'image']).default('text'))
      .option('--transactional', 'not marketing: no opt-out line, sent in quiet hours too')
      .option('--schedule <when>', 'start at this cafe time (Asia/Karachi), e.g. "2026-11-26 10:00"'),
  ).action((flags: CreateFlags) => runAction(host, flags, async (context) => (await load()).createCommand(context, flags)));

  withJsonOption(
    idArgument(campaign.command('preview').description('who would get what: recipients, exclusions, segments and sample messages')).option(
      '--sample <n>',
      'how many rendered messages to show',
      '5',
    ),
  ).action((id: string, flags: PreviewFlags) =>
    runAction(host, flags, async (context) => (await load()).previewCommand(context, id, flags)),
  );

  const transitions: Array<[TransitionName, string]> = [
    ['start', 'start sending now (a draft or scheduled campaign)'],
    ['pause', 'stop handing its messages to the gateway (those already sent are not affected)'],
    ['resume', 'carry on sending a paused campaign'],
    ['cancel', 'stop for good: messages not yet sent are cancelled'],
  ];
  for (const [name, description] of transitions) {
    withJsonOption(idArgument(campaign.command(name).description(description))).action((id: string, flags: OutputOptions) =>
      runAction(host, flags, async (context) => (await load()).transitionCommand(context, id, flags, name)),
    );
  }

  withJsonOption(
    idArgument(campaign.command('schedule').description('start a draft or scheduled campaign at a later cafe time')).argument(
      '<when>',
      'cafe time (Asia/Karachi), e.g. "2026-11-26 10:00"',
    ),
  ).action((id: string, when: string, flags: OutputOptions) =>
    runAction(host, flags, async (context) => (await load()).scheduleCommand(context, id, when, flags)),
  );

  withJsonOption(idArgument(campaign.command('status').description('progress and message counts of one campaign'))).action(
    (id: string, flags: OutputOptions) => runAction(host, flags, async (context) => (await load()).statusCommand(context, id, flags)),
  );

  withJsonOption(campaign.command('list').description('every campaign, newest first')).action((flags: OutputOptions) =>
    runAction(host, flags, async (context) => (await load()).listCommand(context, flags)),
  );
}
