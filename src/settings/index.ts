import type { Kysely } from 'kysely';
import * as z from 'zod';
import type { Config } from '../config/index.js';
import { CafeError } from '../errors/index.js';
import { namesOptOutKeyword } from '../inbound/keywords.js';
import { formatQuietHours, parseQuietHours, type QuietHoursTextProblem } from '../quiet-hours/index.js';
import { EDITABLE, readSettings, type Settings } from './read-settings.js';
import { MAX_SEND_RATE, SAME_QUIET_HOURS } from './setting-rules.js';
import { upsertSettings } from '../store/access.js';
import type { Database } from '../store/index.js';
import { writeTransaction } from '../store/write-transaction.js';

export { readSettings, type EditableKey, type Settings } from './read-settings.js';
export { MAX_SEND_RATE, optOutLineWarning, quietHoursProblem, sendRateWarning, USUAL_SEND_RATE } from './setting-rules.js';
export { formatQuietHours } from '../quiet-hours/index.js';

const QUIET_HOURS_PROBLEMS: Readonly<Record<QuietHoursTextProblem, (text: string) => string>> = Object.freeze({
  'not-a-range': (text: string) => `"${text}" is not a time range: write it as 21:00-09:00 (24-hour clock, cafe time) or "off"`,
  // Said in words that fit the dashboard's time pickers too.
  'starts-where-it-ends': () => SAME_QUIET_HOURS,
});

const quietHoursText = z.string().transform((text, context) => {
  const reading = parseQuietHours(text);
  if (reading.ok) return reading.quietHours;
  context.addIssue({ code: 'custom', message: QUIET_HOURS_PROBLEMS[reading.problem](text) });
  return z.NEVER;
});

/** PUT /api/settings: every field optional; only those sent change. */
export const settingsPatchSchema = z.strictObject({
  senderId: z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(15, 'must be at most 15 characters (gateways cut longer sender ids)')
    .regex(/^[A-Za-z0-9 .&'-]+$/, "may hold only letters, digits, spaces and . & ' -")
    .optional(),
  sendRate: z
    .number({ error: 'The pace must be a number of SMS parts per second, e.g. 20' })
    .positive('The pace must be above 0 SMS parts per second, e.g. 20')
    .max(MAX_SEND_RATE, `The pace must be at most ${MAX_SEND_RATE} SMS parts per second`)
    .optional(),
  quietHours: quietHoursText.optional(),
  optOutText: z
    .string()
    .trim()
    .min(1, 'must not be empty: promotional SMS must say how to opt out')
    .max(200, 'must be at most 200 characters')
    .optional(),
  /** null switches the low-balance warning off. */
  lowBalanceUnits: z
    .number({ error: 'must be a whole number of SMS units, or null for no warning' })
    .int('must be a whole number of SMS units')
    .min(1, 'must be at least 1 SMS unit (null for no warning)')
    .max(100_000_000, 'must be at most 100,000,000 SMS units')
    .nullable()
    .optional(),
});
export type SettingsPatch = z.output<typeof settingsPatchSchema>;

/** Stores the changed settings in one transaction and answers the settings now in force. */
export async function updateSettings(db: Kysely<Database>, config: Readonly<Config>, patch: SettingsPatch, now: Date): Promise<Settings> {
  if (patch.optOutText !== undefined && !namesOptOutKeyword(patch.optOutText, config.optOutKeywords)) {
    throw new CafeError(
      'invalid_input',
      'The opt-out line must tell customers a word that opts them out, e.g. "Reply STOP to opt out" (STOP, UNSUBSCRIBE, بند …): ' +
        'the law requires promotional SMS to say how to stop them',
      { field: 'optOutText' },
    );
  }
  const entries = new Map<string, string>();
  for (const key of EDITABLE) {
    if (patch[key] !== undefined) entries.set(key, JSON.stringify(patch[key]));
  }
  return writeTransaction(db, async (trx) => {
    if (entries.size > 0) await upsertSettings(trx, entries, now.toISOString());
    return readSettings(trx, config);
  });
}

/** The form GET/PUT /api/settings answer. */
export function toSettingsView(settings: Settings, mode: 'sandbox' | 'live') {
  return { ...settings, quietHours: formatQuietHours(settings.quietHours), mode };
}
