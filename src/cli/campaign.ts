// A command's module, loaded only when it runs (see commands/campaign.ts, which declares it). Each
// import names the module it needs, not the folder's index; what only some of the commands use
// (creating, previewing and moving a campaign) is loaded by them, so that `campaign status` and
// `campaign list` read the store and nothing more.
import type { CampaignPreview } from '../campaigns/preview-campaign.js';
import { campaignStats, listCampaigns, type CampaignStats } from '../campaigns/campaign-stats.js';
import type { CampaignView } from '../campaigns/campaign-view.js';
import { quietHoursHoldUntil } from '../campaigns/quiet-hours-hold.js';
import { parseCampaignId } from '../campaigns/require-campaign.js';
import { CafeError } from '../errors/index.js';
import type { QuietHours } from '../quiet-hours/index.js';
import { formatLocal, parseLocalDateTime } from '../quiet-hours/index.js';
import { readSettings } from '../settings/read-settings.js';
import type { Store } from '../store/open-store.js';
import type { CliContext } from './context.js';
import { printResult, type OutputOptions } from './output.js';
import { withStore } from './store-context.js';
import { alignedLines, formatTable } from './table.js';

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

export interface CreateFlags extends OutputOptions {
  name: string;
  message: string;
  tag: string[];
  type: 'text' | 'image';
  transactional?: boolean;
  schedule?: string;
}

export async function createCommand(context: CliContext, flags: CreateFlags): Promise<void> {
  const { createCampaign } = await import('../campaigns/create-campaign.js');
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

export interface PreviewFlags extends OutputOptions {
  sample: string;
}

function parseSampleCount(input: string): number {
  if (!/^\d+$/.test(input.trim()) || Number(input) > 100) {
    throw new CafeError('invalid_input', `--sample must be a whole number from 0 to 100, not "${input}"`, { input: '--sample' });
  }
  return Number(input);
}

export async function previewCommand(context: CliContext, idArg: string, flags: PreviewFlags): Promise<void> {
  const { previewCampaign } = await import('../campaigns/preview-campaign.js');
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

/** The commands that move a campaign from one state to another. */
export type TransitionName = 'start' | 'pause' | 'resume' | 'cancel';

type Transition = (db: Store['db'], id: number, deps: { now: () => Date }) => Promise<CampaignView>;

async function transitionFor(name: TransitionName): Promise<{ act: Transition; verb: string }> {
  const transitions = await import('../campaigns/transitions.js');
  switch (name) {
    case 'start':
      return { act: transitions.startCampaign, verb: 'Started' };
    case 'pause':
      return { act: transitions.pauseCampaign, verb: 'Paused' };
    case 'resume':
      return { act: transitions.resumeCampaign, verb: 'Resumed' };
    case 'cancel':
      return { act: transitions.cancelCampaign, verb: 'Cancelled' };
  }
}

export async function transitionCommand(context: CliContext, idArg: string, flags: OutputOptions, name: TransitionName): Promise<void> {
  const { act, verb } = await transitionFor(name);
  const id = parseCampaignId(idArg);
  const { campaign, held } = await withQuietHours(context, (store) => act(store.db, id, { now }));
  printResult(flags, campaign, () => [
    `${verb} ${describeCampaign(campaign)}.`,
    ...quietHoursHint(campaign, held),
    ...nextStepHint(campaign),
  ]);
}

export async function scheduleCommand(context: CliContext, idArg: string, when: string, flags: OutputOptions): Promise<void> {
  const { scheduleCampaign } = await import('../campaigns/transitions.js');
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

export async function statusCommand(context: CliContext, idArg: string, flags: OutputOptions): Promise<void> {
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

export async function listCommand(context: CliContext, flags: OutputOptions): Promise<void> {
  const campaigns = await withStore(context, (store) => listCampaigns(store.db));
  printResult(flags, campaigns, () => {
    if (campaigns.length === 0) return ['No campaigns yet: create one with `npx cafe-sms campaign create --name … --message …`.'];
    return formatTable(
      ['ID', 'STATE', 'PURPOSE', 'TYPE', 'TAGS', 'CREATED', 'NAME'],
      campaigns.map((c) => [String(c.id), c.state, c.purpose, c.type, c.tags.join(',') || '(all)', local(c.createdAt), c.name]),
    );
  });
}
