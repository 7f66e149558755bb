import type { Kysely } from 'kysely';
import { CafeError } from '../errors/index.js';
import { phoneForStaff, type SmsEncoding } from '../sms/index.js';
import { type Database, findContactById, selectAudienceContacts } from '../store/index.js';
import { parseCampaignInput, type CreateCampaignInput } from './campaign-input.js';
import { parseAudienceTags, toCampaignView, type CampaignView } from './campaign-view.js';
import { optOutLineFor } from './create-campaign.js';
import {
  assertImageTemplate,
  compileForCampaign,
  compileStoredTemplate,
  createMessageBuilder,
  type BuiltMessage,
  type ExclusionReason,
  type RecipientFields,
} from './message-builder.js';
import { buildForRecipient } from './recipient.js';
import { requireCampaign } from './require-campaign.js';

export interface PreviewSample {
  contactId: number;
  phone: string;
  name: string | null;
  /** Exactly what will be sent, opt-out line included. */
  body: string;
  encoding: SmsEncoding;
  segments: number;
  characters: number;
  /** Set when this contact would get no message (only for a contact asked for by id). */
  excluded?: ExclusionReason;
}

/** A contact whose message would be longer than a message may be. */
export interface TooLongContact {
  contactId: number;
  phone: string;
  name: string | null;
  segments: number;
}

export interface AudiencePreview {
  /** Contacts who would get a message. */
  recipients: number;
  /** Contacts of the audience who would not, by reason. */
  excluded: Record<ExclusionReason, number>;
  /** The first few contacts counted in `excluded.tooLong`, to name them. */
  tooLong: TooLongContact[];
  byEncoding: Record<SmsEncoding, number>;
  /** Billed SMS segments: over all recipients, and of the longest message. */
  segments: { total: number; max: number };
  samples: PreviewSample[];
}

export interface CampaignPreview extends AudiencePreview {
  campaign: CampaignView;
}

export interface PreviewOptions {
  defaultCountry: string;
  /** Longest message in SMS parts (config.maxSegments). */
  maxSegments: number;
  /** How many rendered messages to show; 5 by default. */
  sample?: number;
  /** Contacts read per keyset page; 250 by default. */
  pageSize?: number;
}

type Build = (recipient: RecipientFields) => BuiltMessage;

/** Contacts named in a preview's `tooLong`, and in the error that refuses such a campaign. */
const TOO_LONG_NAMED = 5;

/**
 * Contacts read and rendered between two chances for other requests: a few milliseconds of work.
 * (1,000 let four previews of 250,000 contacts hold a health check for 320 ms; see bench/preview-under-load.ts.)
 */
const PAGE_SIZE = 250;

/** Lets the server answer other requests between pages: SQLite's reads here never wait on I/O. */
const otherWorkFirst = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Renders the message of every audience contact, a page at a time (memory stays flat for a
 * million contacts), and counts what the campaign would send and cost. Between pages it gives way
 * to the rest of the server: a preview of 250,000 contacts takes a second of CPU, and the health
 * check, the dashboard and one-off messages must not wait for it.
 */
export async function scanAudience(
  db: Kysely<Database>,
  tags: readonly string[],
  build: Build,
  options: PreviewOptions,
): Promise<AudiencePreview> {
  const wanted = options.sample ?? 5;
  const pageSize = options.pageSize ?? PAGE_SIZE;
  const preview: AudiencePreview = {
    recipients: 0,
    excluded: { optedOut: 0, invalidPhone: 0, emptyMessage: 0, invalidImageUrl: 0, tooLong: 0 },
    tooLong: [],
    byEncoding: { 'GSM-7': 0, 'UCS-2': 0 },
    segments: { total: 0, max: 0 },
    samples: [],
  };
  let afterId = 0;
  for (;;) {
    const page = await selectAudienceContacts(db, tags, afterId, pageSize);
    for (const contact of page) {
      const message = buildForRecipient(contact, build, options.defaultCountry);
      if (!message.ok) {
        preview.excluded[message.reason] += 1;
        if (message.reason === 'tooLong' && preview.tooLong.length < TOO_LONG_NAMED) {
          preview.tooLong.push({ contactId: contact.id, phone: message.phone, name: contact.name, segments: message.segments });
        }
        continue;
      }
      preview.recipients += 1;
      preview.byEncoding[message.encoding] += 1;
      preview.segments.total += message.segments;
      preview.segments.max = Math.max(preview.segments.max, message.segments);
      if (preview.samples.length < wanted) {
        const { encoding, segments, characters, body } = message;
        preview.samples.push({ contactId: contact.id, phone: message.phone, name: contact.name, body, encoding, segments, characters });
      }
    }
    const last = page.at(-1);
    if (last === undefined || page.length < pageSize) return preview;
    afterId = last.id;
    await otherWorkFirst();
  }
}

/** What a stored campaign would send now: recipients, exclusions, encodings, segments, samples. */
export async function previewCampaign(db: Kysely<Database>, id: number, options: PreviewOptions): Promise<CampaignPreview> {
  const row = await requireCampaign(db, id);
  const build = createMessageBuilder(compileStoredTemplate(row.template), {
    template: row.template,
    type: row.type,
    optOutText: row.opt_out_text,
    maxSegments: options.maxSegments,
  });
  const preview = await scanAudience(db, parseAudienceTags(row.audience_tags), build, options);
  return { campaign: toCampaignView(row), ...preview };
}

export interface PreviewTemplateInput extends Omit<CreateCampaignInput, 'name' | 'scheduledAt'> {
  /** Show the message as this contact would get it (whether or not they are in the audience). */
  contactId?: number;
}

export interface PreviewTemplateDeps extends PreviewOptions {
  optOutText: string;
}

/**
 * A live preview for the dashboard's editor: the same rules as createCampaign (an unknown
 * placeholder is refused) and the same counts as previewCampaign, without storing anything.
 */
export async function previewTemplate(
  db: Kysely<Database>,
  input: PreviewTemplateInput,
  deps: PreviewTemplateDeps,
): Promise<AudiencePreview> {
  const valid = parseCampaignInput({ ...input, name: 'preview' });
  const compiled = await compileForCampaign(db, valid.template);
  if (valid.type === 'image') assertImageTemplate(compiled, valid.template);
  const build = createMessageBuilder(compiled, {
    template: valid.template,
    type: valid.type,
    optOutText: optOutLineFor(valid, deps.optOutText),
    maxSegments: deps.maxSegments,
  });
  const preview = await scanAudience(db, valid.tags, build, input.contactId === undefined ? deps : { ...deps, sample: 0 });
  assertNoneTooLong(preview, deps.maxSegments);
  if (input.contactId === undefined) return preview;
  return { ...preview, samples: [await sampleForContact(db, input.contactId, build, deps.defaultCountry)] };
}

async function sampleForContact(db: Kysely<Database>, contactId: number, build: Build, defaultCountry: string): Promise<PreviewSample> {
  const contact = await findContactById(db, contactId);
  if (!contact) {
    throw new CafeError('not_found', `There is no contact ${contactId} to preview the message for`, { input: String(contactId) });
  }
  const message = buildForRecipient(
    { id: contact.id, phone: contact.phone, name: contact.name, fields: JSON.stringify(contact.fields), opted_out_at: null },
    build,
    defaultCountry,
  );
  const base = { contactId: contact.id, phone: contact.phone, name: contact.name };
  if (message.ok) {
    const { body, encoding, segments, characters } = message;
    return { ...base, body, encoding, segments, characters, ...(contact.optedOutAt ? { excluded: 'optedOut' as const } : {}) };
  }
  return { ...base, body: '', encoding: 'GSM-7', segments: 0, characters: 0, excluded: message.reason };
}

/**
 * Refuses a campaign some of whose messages would be longer than MAX_SEGMENTS, naming whose: a
 * 300,000-character name once became a 1,961-part SMS that held every other message back.
 */
export function assertNoneTooLong(preview: Pick<AudiencePreview, 'excluded' | 'tooLong'>, maxSegments: number): void {
  const count = preview.excluded.tooLong;
  if (count === 0) return;
  const named = preview.tooLong.map((c) => `${c.name ?? 'a customer'} (${phoneForStaff(c.phone)}): ${c.segments} parts`);
  const more = count - named.length;
  throw new CafeError(
    'invalid_input',
    `The message would be longer than ${maxSegments} SMS parts for ${count === 1 ? 'one customer' : `${count} customers`}: ` +
      `${named.join('; ')}${more > 0 ? ` and ${more} more` : ''}. Shorten the message, or those customers' details that it uses.`,
    { field: 'template', details: { tooLong: preview.tooLong, tooLongCount: count, maxSegments } },
  );
}
