import { Option, type Command } from 'commander';
import {
  campaignStats,
  cancelCampaign,
  createCampaign,
  listCampaigns,
  parseCampaignId,
  pauseCampaign,
  previewCampaign,
  quietHoursHoldUntil,
  resumeCampaign,
  scheduleCampaign,
  startCampaign,
  type CampaignPreview,
  type CampaignStats,
  type CampaignView,
} from '../campaigns/index.js';
import { CafeError } from '../errors/index.js';
import type { QuietHours } from '../quiet-hours/index.js';
import { formatLocal, parseLocalDateTime } from '../quiet-hours/index.js';
import { readSettings } from '../settings/index.js';
import type { Store } from '../store/index.js';
import { withJsonOption, type CliContext, type CommandRegistrar } from './context.js';
import { printResult, runCommand, type OutputOptions } from './output.js';
import { withStore } from './store-context.js';
import { alignedLines, formatTable } from './table.js';

/** `--tag a --tag b` and `--tag a,b` both give [a, b]. */
function collect(value: string, previous: string[]): string[] {
  return [...previous, ...value.split(',')];
}

const now = () => new Date();
const local = (iso: string | null) => (iso === null ? '-' : formatLocal(new Date(iso)));
const percent = (ratio: number) => `${Math.round(ratio * 1000) / 10}%`;

function describeCampaign(c: CampaignView): string {
  const audience = c.tags.length === 0 ? 'every contact' : `tags ${c.tags.join(', ')}`;
  return `Campaign ${c.id} "${c.name}": ${c.state} (${c.purpose} ${c.type}, to ${audience})`;
}

/** quietHoursHoldUntil now, with the quiet hours of the dashboard's setting, else QUIET_HOURS. */
function quietHoursUntil(c: CampaignView, quietHours: QuietHours | null): string | null {
  return quietHoursHoldUntil(c, quietHours, now());
}

async function effectiveQuietHours(context: CliContext, store: Store): Promise<QuietHours | null> {
  return (await readSettings(store.db, context.config())).quietHours;
}

function quietHoursHint(c: CampaignView, until: string | null): string[] {
  if (until === null) return [];
  const when = c.state === 'scheduled' ? 'It starts in quiet hours' : 'It is quiet hours now';
  return [`${when}: its messages wait until ${local(until)} (cafe time).`];
}

/** The campaign `act` answers, with the quiet hours in force, read in the same store session. */
async function withQuietHours(
  context: CliContext,
  act: (store: Store) => Promise<CampaignView>,
): Promise<{ campaign: CampaignView; held: string | null }> {
  return withStore(context, async (store) => {
    const campaign = await act(store);
    return { campaign, held: quietHoursUntil(campaign, await effectiveQuietHours(context, store)) };
  });
}

function nextStepHint(c: CampaignView): string[] {
  if (c.state === 'draft') return [`Preview it: cafe-sms campaign preview ${c.id}   Start it: cafe-sms campaign start ${c.id}`];
  if (c.state === 'scheduled') return [`It starts at ${local(c.scheduledAt)} (cafe time) once \`npx cafe-sms worker\` is running.`];
  if (c.state === 'running') return ['`npx cafe-sms worker` sends it; follow it with `npx cafe-sms campaign status ' + c.id + '`.'];
  return [];
}

// ---- create -----------------------------------------------------------------------------------

interface CreateFlags extends OutputOptions {
  name: string;
  message: string;
  tag: string[];
  type: 'text' | 'image';
  transactional?: boolean;
  schedule?: string;
}

async function createCommand(context: CliContext, flags: CreateFlags): Promise<void> {
  const config = context.config();
  const scheduledAt = flags.schedule === undefined ? undefined : parseLocalDateTime(flags.schedule);
  const { campaign, held } = await withQuietHours(context, (store) =>
    createCampaign(
      store.db,
      {
        name: flags.name,
        template: flags.message,
        type: flags.type,
        tags: flags.tag,
        transactional: flags.transactional === true,
        scheduledAt,
      },
      { optOutText: config.optOutText, now, defaultCountry: config.defaultCountry, maxSegments: config.maxSegments },
    ),
  );
  printResult(flags, campaign, () => [
    `Created ${describeCampaign(campaign)}.`,
    ...quietHoursHint(campaign, held),
    ...nextStepHint(campaign),
  ]);
}

// ---- preview ----------------------------------------------------------------------------------

interface PreviewFlags extends OutputOptions {
  sample: string;
}

function parseSampleCount(input: string): number {
  if (!/^\d+$/.test(input.trim()) || Number(input) > 100) {
    throw new CafeError('invalid_input', `--sample must be a whole number from 0 to 100, not "${input}"`, { input: '--sample' });
  }
  return Number(input);
}

async function previewCommand(context: CliContext, idArg: string, flags: PreviewFlags): Promise<void> {
  const id = parseCampaignId(idArg);
  const sample = parseSampleCount(flags.sample);
  const { defaultCountry, maxSegments } = context.config();
  const preview = await withStore(context, (store) => previewCampaign(store.db, id, { defaultCountry, maxSegments, sample }));
  printResult(flags, preview, () => previewLines(preview));
}

function previewLines(p: CampaignPreview): string[] {
  const excluded = Object.entries(p.excluded)
    .filter(([, n]) => n > 0)
    .map(([reason, n]) => `${n} ${reason.replace(/[A-Z]/g, (c) => ` ${c.toLowerCase()}`)}`);
  const lines = [
    describeCampaign(p.campaign),
    ...alignedLines([
      ['Recipients', String(p.recipients)],
      ['Left out', excluded.length === 0 ? 'none' : excluded.join(', ')],
      ['Encoding', `GSM-7 ${p.byEncoding['GSM-7']}, UCS-2 (Unicode) ${p.byEncoding['UCS-2']}`],
      ['SMS segments', `${p.segments.total} in all, at most ${p.segments.max} per message`],
    ]),
  ];
  for (const s of p.samples) {
    lines.push('', `To ${s.phone}${s.name ? ` (${s.name})` : ''}: ${s.encoding}, ${s.segments} segment(s), ${s.characters} characters`);
    lines.push(...s.body.split('\n').map((line) => `  | ${line}`));
  }
  return lines;
}

// ---- state changes ----------------------------------------------------------------------------

type Transition = (db: Store['db'], id: number, deps: { now: () => Date }) => Promise<CampaignView>;

async function transitionCommand(context: CliContext, idArg: string, flags: OutputOptions, act: Transition, verb: string): Promise<void> {
  const id = parseCampaignId(idArg);
  const { campaign, held } = await withQuietHours(context, (store) => act(store.db, id, { now }));
  printResult(flags, campaign, () => [
    `${verb} ${describeCampaign(campaign)}.`,
    ...quietHoursHint(campaign, held),
    ...nextStepHint(campaign),
  ]);
}

async function scheduleCommand(context: CliContext, idArg: string, when: string, flags: OutputOptions): Promise<void> {
  const id = parseCampaignId(idArg);
  const at = parseLocalDateTime(when);
  const { campaign, held } = await withQuietHours(context, (store) => scheduleCampaign(store.db, id, at, { now }));
  printResult(flags, campaign, () => [
    `Scheduled ${describeCampaign(campaign)}.`,
    ...quietHoursHint(campaign, held),
    ...nextStepHint(campaign),
  ]);
}

// ---- status and list --------------------------------------------------------------------------

async function statusCommand(context: CliContext, idArg: string, flags: OutputOptions): Promise<void> {
  const id = parseCampaignId(idArg);
  const { stats, quietHours } = await withStore(context, async (store) => ({
    stats: await campaignStats(store.db, id),
    quietHours: await effectiveQuietHours(context, store),
  }));
  const status = { ...stats, quietHoursUntil: quietHoursUntil(stats.campaign, quietHours) };
  printResult(flags, status, () => statusLines(status));
}

function statusLines(s: CampaignStats & { quietHoursUntil: string | null }): string[] {
  const c = s.campaign;
  const counts = Object.entries(s.counts).map(([state, n]) => `${state} ${n}`);
  return [
    describeCampaign(c),
    ...alignedLines([
      [
        'Messages',
        `${s.total}${c.materialised || c.state === 'draft' || c.state === 'scheduled' ? '' : ' so far (still adding recipients)'}`,
      ],
      ...(s.quietHoursUntil === null ? [] : [['Quiet hours', `messages wait until ${local(s.quietHoursUntil)}`] as [string, string]]),
      ...(s.waitingFor === null ? [] : [['Sending', s.waitingFor] as [string, string]]),
      ['Progress', `${percent(s.progress)} settled`],
      ['By state', counts.join(', ')],
      ['Delivered', s.deliveredRate === null ? '-' : percent(s.deliveredRate)],
      ['SMS segments', String(s.segments)],
      ['Created', local(c.createdAt)],
      ['Scheduled', local(c.scheduledAt)],
      ['Started', local(c.startedAt)],
      ['Completed', local(c.completedAt)],
      ['Cancelled', local(c.cancelledAt)],
    ]),
    '(times in cafe time, Asia/Karachi)',
  ];
}

async function listCommand(context: CliContext, flags: OutputOptions): Promise<void> {
  const campaigns = await withStore(context, (store) => listCampaigns(store.db));
  printResult(flags, campaigns, () => {
    if (campaigns.length === 0) return ['No campaigns yet: create one with `npx cafe-sms campaign create --name … --message …`.'];
    return formatTable(
      ['ID', 'STATE', 'PURPOSE', 'TYPE', 'TAGS', 'CREATED', 'NAME'],
      campaigns.map((c) => [String(c.id), c.state, c.purpose, c.type, c.tags.join(',') || '(all)', local(c.createdAt), c.name]),
    );
  });
}

// ---- registration -----------------------------------------------------------------------------

export const registerCampaignCommands: CommandRegistrar = (program, context) => {
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
  ).action((flags: CreateFlags) => runCommand(flags, () => createCommand(context, flags)));

  withJsonOption(
    idArgument(campaign.command('preview').description('who would get what: recipients, exclusions, segments and sample messages')).option(
      '--sample <n>',
      'how many rendered messages to show',
      '5',
    ),
  ).action((id: string, flags: PreviewFlags) => runCommand(flags, () => previewCommand(context, id, flags)));

  const transitions: Array<[string, string, Transition, string]> = [
    ['start', 'start sending now (a draft or scheduled campaign)', startCampaign, 'Started'],
    ['pause', 'stop handing its messages to the gateway (those already sent are not affected)', pauseCampaign, 'Paused'],
    ['resume', 'carry on sending a paused campaign', resumeCampaign, 'Resumed'],
    ['cancel', 'stop for good: messages not yet sent are cancelled', cancelCampaign, 'Cancelled'],
  ];
  for (const [name, description, act, verb] of transitions) {
    withJsonOption(idArgument(campaign.command(name).description(description))).action((id: string, flags: OutputOptions) =>
      runCommand(flags, () => transitionCommand(context, id, flags, act, verb)),
    );
  }

  withJsonOption(
    idArgument(campaign.command('schedule').description('start a draft or scheduled campaign at a later cafe time')).argument(
      '<when>',
      'cafe time (Asia/Karachi), e.g. "2026-11-26 10:00"',
    ),
  ).action((id: string, when: string, flags: OutputOptions) => runCommand(flags, () => scheduleCommand(context, id, when, flags)));

  withJsonOption(idArgument(campaign.command('status').description('progress and message counts of one campaign'))).action(
    (id: string, flags: OutputOptions) => runCommand(flags, () => statusCommand(context, id, flags)),
  );

  withJsonOption(campaign.command('list').description('every campaign, newest first')).action((flags: OutputOptions) =>
    runCommand(flags, () => listCommand(context, flags)),
  );
};
