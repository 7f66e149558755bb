import type { Kysely } from 'kysely';
import {
  type AudienceContact,
  type Campaign,
  completeSettledCampaigns,
  type Database,
  findCampaignById,
  type NewOutboxMessage,
  refreshAudienceStatistics,
  refreshOutboxStatistics,
  selectAudienceContacts,
  selectCampaignsToMaterialise,
  selectDueScheduledCampaigns,
  updateCampaignWhenIn,
  writeTransaction,
} from '../store/index.js';
import { CafeError, toCafeError } from '../errors/index.js';
import { insertOutboxMessages } from '../store/outbox/index.js';
import { parseAudienceTags } from './campaign-view.js';
import { compileStoredTemplate, createMessageBuilder, type MeasuredMessage } from './message-builder.js';
import { buildForRecipient } from './recipient.js';

export interface AdvanceCampaignsOptions {
  now: () => Date;
  defaultCountry: string;
  /** Longest message in SMS parts (config.maxSegments): a longer one becomes a failed row, not an SMS. */
  maxSegments: number;
  /** Audience contacts turned into outbox rows per campaign per call; 2,000 by default. */
  batchSize?: number;
}

export interface AdvanceResult {
  /** Scheduled campaigns whose time came and that are now running. */
  started: number;
  /** Outbox rows written by this call. */
  materialized: number;
  /** Audience contacts passed over by this call (opted out, bad number, empty message). */
  excluded: number;
  /** Messages that could not be built or are too long: stored as failed, with the reason, never sent. */
  failed: number;
  /** Campaigns that became completed. */
  completed: number;
  /** Campaigns still not fully materialised after this call: more calls have work to do. */
  materialising: number;
}

/**
 * Moves campaigns along, a bounded amount of work per call; the worker calls it on every loop turn.
 *
 * 1. Scheduled campaigns whose time has come start running.
 * 2. Each running or paused campaign not yet materialised gets its next `batchSize` audience
 *    contacts (id above `enqueue_cursor`, ascending) turned into outbox rows, in ONE transaction
 *    that also moves the cursor: a crash loses or doubles no recipient, and the unique
 *    (campaign_id, phone) index is a second fence. When the audience runs out, `enqueued_at` is set.
 *    The audience is thus taken progressively: a contact added (or tagged) while materialising is
 *    still going, with an id beyond the cursor, IS included; one added after it ended is not.
 * 3. Running campaigns that are materialised with nothing queued, sending or unknown complete.
 */
export async function advanceCampaigns(db: Kysely<Database>, options: AdvanceCampaignsOptions): Promise<AdvanceResult> {
  const now = options.now().toISOString();
  const result: AdvanceResult = { started: 0, materialized: 0, excluded: 0, failed: 0, completed: 0, materialising: 0 };
  for (const due of await selectDueScheduledCampaigns(db, now)) {
    const started = await updateCampaignWhenIn(db, due.id, ['scheduled'], { state: 'running', started_at: now, updated_at: now });
    if (started) result.started += 1;
  }
  const failures: string[] = [];
  for (const campaign of await selectCampaignsToMaterialise(db)) {
    // One campaign that cannot be moved along must not hold up the others.
    let batch: BatchResult;
    try {
      if (campaign.enqueue_cursor === 0) await refreshAudienceStatistics(db);
      batch = await materialiseNextBatch(db, campaign.id, now, options);
      if (batch.done) await refreshOutboxStatistics(db);
    } catch (error) {
      failures.push(`campaign ${campaign.id} (${campaign.name}): ${toCafeError(error).message}`);
      continue;
    }
    result.materialized += batch.inserted;
    result.excluded += batch.excluded;
    result.failed += batch.failed;
    if (!batch.done) result.materialising += 1;
  }
  result.completed = (await completeSettledCampaigns(db, now)).length;
  if (failures.length > 0) {
    throw new CafeError('internal', `Could not prepare the messages of ${failures.join('; ')}`, { details: { result } });
  }
  return result;
}

/** The worker's hook: `createWorker({ advanceCampaigns: campaignAdvancer(db, { defaultCountry }) })`. */
export function campaignAdvancer(
  db: Kysely<Database>,
  options: Omit<AdvanceCampaignsOptions, 'now'>,
): (now: Date) => Promise<AdvanceResult> {
  return (now) => advanceCampaigns(db, { ...options, now: () => now });
}

interface BatchResult {
  inserted: number;
  excluded: number;
  failed: number;
  /** True when the campaign is fully materialised (or no longer wants materialising). */
  done: boolean;
}

async function materialiseNextBatch(
  db: Kysely<Database>,
  campaignId: number,
  now: string,
  options: AdvanceCampaignsOptions,
): Promise<BatchResult> {
  const batchSize = options.batchSize ?? 2000;
  return writeTransaction(db, async (trx) => {
    // Read again under the write lock: it may have been cancelled since it was listed.
    const campaign = await findCampaignById(trx, campaignId);
    if (!campaign || campaign.enqueued_at !== null || (campaign.state !== 'running' && campaign.state !== 'paused')) {
      return { inserted: 0, excluded: 0, failed: 0, done: true };
    }
    const tags = parseAudienceTags(campaign.audience_tags);
    const build = builderFor(campaign, options.maxSegments);
    let cursor = campaign.enqueue_cursor;
    let read = 0;
    let inserted = 0;
    let excluded = 0;
    let failed = 0;
    let done = false;
    // Read, built and written a slice at a time: each slice dies young instead of outliving a
    // garbage collection or two, which kept a worker materialising a million rows growing.
    while (read < batchSize && !done) {
      const limit = Math.min(ROWS_PER_SLICE, batchSize - read);
      const contacts = await selectAudienceContacts(trx, tags, cursor, limit);
      const slice = outboxRowsFor(campaign, build, contacts, now, options.defaultCountry);
      inserted += await insertOutboxMessages(trx, slice.rows);
      excluded += slice.excluded;
      failed += slice.failed;
      read += contacts.length;
      cursor = contacts.at(-1)?.id ?? cursor;
      done = contacts.length < limit;
    }
    await updateCampaignWhenIn(trx, campaign.id, ['running', 'paused'], {
      enqueue_cursor: cursor,
      enqueued_at: done ? now : null,
      updated_at: now,
    });
    return { inserted, excluded, failed, done };
  });
}

/** error_code of a campaign message that was never sent because it is longer than MAX_SEGMENTS. */
export const MESSAGE_TOO_LONG = 'message_too_long';
/** error_code of a campaign message that could not be built from its contact's details. */
export const MESSAGE_NOT_BUILT = 'message_not_built';

/** Rows built and inserted together within one materialising step. */
const ROWS_PER_SLICE = 250;

function builderFor(campaign: Campaign, maxSegments: number): MessageBuild {
  return createMessageBuilder(compileStoredTemplate(campaign.template), {
    template: campaign.template,
    type: campaign.type,
    optOutText: campaign.opt_out_text,
    maxSegments,
  });
}

type MessageBuild = ReturnType<typeof createMessageBuilder>;

/** One slice of recipients as outbox rows: queued, or failed with the reason when a message cannot go. */
export function outboxRowsFor(
  campaign: Campaign,
  build: MessageBuild,
  contacts: Awaited<ReturnType<typeof selectAudienceContacts>>,
  now: string,
  defaultCountry: string,
): { rows: NewOutboxMessage[]; excluded: number; failed: number } {
  const rows: NewOutboxMessage[] = [];
  let excluded = 0;
  let failed = 0;
  for (const contact of contacts) {
    const message = buildSafely(contact, build, defaultCountry);
    if (message.ok) {
      rows.push(outboxRow(campaign, contact.id, message, now));
    } else if (message.reason === 'tooLong' || message.reason === 'notBuilt') {
      // Fails alone and says why: the campaign's other messages go on.
      rows.push(failedRow(campaign, contact.id, message, now));
      failed += 1;
    } else {
      excluded += 1;
    }
  }
  return { rows, excluded, failed };
}

type Built = ReturnType<typeof buildForRecipient> | { ok: false; reason: 'notBuilt'; phone: string; error: string };

/** A message that throws while it is built (a contact's data the template cannot take) is one failure, not the batch's. */
function buildSafely(contact: AudienceContact, build: MessageBuild, defaultCountry: string): Built {
  try {
    return buildForRecipient(contact, build, defaultCountry);
  } catch (error) {
    return { ok: false, reason: 'notBuilt', phone: contact.phone, error: toCafeError(error).message };
  }
}

function outboxRow(campaign: Campaign, contactId: number, message: MeasuredMessage & { phone: string }, now: string): NewOutboxMessage {
  return {
    campaign_id: campaign.id,
    contact_id: contactId,
    phone: message.phone,
    body: message.body,
    type: campaign.type,
    encoding: message.encoding,
    segments: message.segments,
    promotional: campaign.purpose === 'promotional' ? 1 : 0,
    priority: 0,
    state: 'queued',
    next_attempt_at: now,
    created_at: now,
    updated_at: now,
  };
}

function failedRow(
  campaign: Campaign,
  contactId: number,
  message: Extract<Built, { reason: 'tooLong' | 'notBuilt' }>,
  now: string,
): NewOutboxMessage {
  const measured = message.reason === 'tooLong' ? message : { body: '', encoding: 'GSM-7' as const, segments: 0 };
  return {
    ...outboxRow(campaign, contactId, { ...measured, characters: 0, phone: message.phone }, now),
    state: 'failed',
    error_code: message.reason === 'tooLong' ? MESSAGE_TOO_LONG : MESSAGE_NOT_BUILT,
    error_message:
      message.reason === 'tooLong'
        ? `Not sent: this customer's message would be ${message.segments} SMS parts, over the limit (MAX_SEGMENTS)`
        : `Not sent: the message could not be made from this customer's details (${message.error})`,
    final_at: now,
  };
}
