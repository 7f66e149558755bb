// Read by commands whose start-up is timed (`campaign status`) and by the outbox worker: it names the
// store's own modules, not its index, and checks with zod's small build (classic zod takes some
// 60 ms to load). Changing settings, with the dashboard's schema, is in index.ts.
import type { Kysely } from 'kysely';
import * as z from 'zod/mini';
import type { Config } from '../config/index.js';
import type { QuietHours } from '../quiet-hours/index.js';
import { selectSettings } from '../store/access.js';
import type { Database } from '../store/index.js';

/**
 * What the outbox runs with: the configuration, overridden by whatever was changed from the
 * dashboard (stored in the `settings` table, so it survives restarts).
 */
export interface Settings {
  senderId: string;
  /** SMS parts (segments) per second. */
  sendRate: number;
  sendConcurrency: number;
  quietHours: QuietHours | null;
  optOutText: string;
  optOutKeywords: string[];
  optInKeywords: string[];
  /** The dashboard warns when the gateway's SMS units fall below this; null: no warning. */
  lowBalanceUnits: number | null;
}

/** The settings the dashboard may change. */
export const EDITABLE = ['senderId', 'sendRate', 'quietHours', 'optOutText', 'lowBalanceUnits'] as const;
export type EditableKey = (typeof EDITABLE)[number];

/** Stored values are JSON; one that no longer reads as its setting is ignored (the configuration stands). */
const STORED: Readonly<Record<EditableKey, z.ZodMiniType>> = Object.freeze({
  senderId: z.string().check(z.minLength(1)),
  sendRate: z.number().check(z.positive()),
  quietHours: z.nullable(z.object({ startMinute: z.number().check(z.int()), endMinute: z.number().check(z.int()) })),
  optOutText: z.string().check(z.minLength(1)),
  lowBalanceUnits: z.nullable(z.number().check(z.int(), z.gte(1))),
});

function storedValue(raw: string | undefined, key: EditableKey): { found: true; value: unknown } | { found: false } {
  if (raw === undefined) return { found: false };
  try {
    const parsed = STORED[key].safeParse(JSON.parse(raw));
    return parsed.success ? { found: true, value: parsed.data } : { found: false };
  } catch {
    return { found: false };
  }
}

function fromConfig(config: Readonly<Config>): Settings {
  return {
    senderId: config.senderId,
    sendRate: config.sendRate,
    sendConcurrency: config.sendConcurrency,
    quietHours: config.quietHours,
    optOutText: config.optOutText,
    optOutKeywords: [...config.optOutKeywords],
    optInKeywords: [...config.optInKeywords],
    lowBalanceUnits: null,
  };
}

/** What the dashboard changed: the stored settings that still read as their setting. */
async function readSettingOverrides(db: Kysely<Database>): Promise<Partial<Pick<Settings, EditableKey>>> {
  const stored = await selectSettings(db);
  const overrides: Partial<Pick<Settings, EditableKey>> = {};
  for (const key of EDITABLE) {
    const value = storedValue(stored.get(key), key);
    if (value.found) Object.assign(overrides, { [key]: value.value });
  }
  return overrides;
}

/** The configuration with the dashboard's changes over it. */
export async function readSettings(db: Kysely<Database>, config: Readonly<Config>): Promise<Settings> {
  return { ...fromConfig(config), ...(await readSettingOverrides(db)) };
}
