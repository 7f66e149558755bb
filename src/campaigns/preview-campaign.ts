import type { Kysely } from 'kysely';
import { CafeError } from '../errors/index.js';
import type { SmsEncoding } from '../sms/index.js';
import { findContactById } from '../store/index.js';
import { selectAudienceContacts } from '../store/campaigns.js';
import type { Database } from '../store/schema.js';
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

export interface AudiencePreview {
  /** Contacts who would get a message. */
  recipients: number;
  /** Contacts of the audience who would not, by reason. */
  excluded: Record<ExclusionReason, number>;
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
  /** How many rendered messages to show; 5 by default. */
  sample?: number;
  /** Contacts read per keyset page; 1,000 by default. */
  pageSize?: number;
}

type Build = (recipient: RecipientFields) => BuiltMessage;

/**
 * Renders the message of every audience contact, a page at a time (memory stays flat for a
 * million contacts), and counts what the campaign would send and cost.
 */
async function scanAudience(db: Kysely<Database>, tags: readonly string[], build: Build, options: PreviewOptions): Promise<AudiencePreview> {
  const wanted = options.sample ?? 5;
  const pageSize = options.pageSize ?? 1000;
  const preview: AudiencePreview = {
    recipients: 0,
    excluded: { optedOut: 0, invalidPhone: 0, emptyMessage: 0, invalidImageUrl: 0 },
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
  }
}

/** What a stored campaign would send now: recipients, exclusions, encodings, segments, samples. */
export async function previewCampaign(db: Kysely<Database>, id: number, options: PreviewOptions): Promise<CampaignPreview> {
  const row = await requireCampaign(db, id);
  const build = createMessageBuilder(compileStoredTemplate(row.template), {
    template: row.template,
    type: row.type,
    optOutText: row.opt_out_text,
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
  const build = createMessageBuilder(compiled, { template: valid.template, type: valid.type, optOutText: optOutLineFor(valid, deps.optOutText) });
  if (input.contactId === undefined) return scanAudience(db, valid.tags, build, deps);
  const preview = await scanAudience(db, valid.tags, build, { ...deps, sample: 0 });
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
