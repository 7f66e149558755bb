import type { Kysely } from 'kysely';
import { CafeError } from '../errors/index.js';
import { findCampaignById } from '../store/campaigns.js';
import type { Campaign, Database } from '../store/index.js';

/** Campaign ids come from users (CLI arguments, URLs): anything but a positive whole number is bad input. */
export function parseCampaignId(input: string | number): number {
  const id = typeof input === 'number' ? input : /^\s*\d+\s*$/.test(input) ? Number(input) : Number.NaN;
  if (!Number.isSafeInteger(id) || id < 1) {
    throw new CafeError(
      'invalid_input',
      `"${input}" is not a campaign id: use its number, as the campaign list shows it ` +
        '(Campaigns in the dashboard, or `cafe-sms campaign list`)',
      {
        input: String(input),
      },
    );
  }
  return id;
}

export async function requireCampaign(db: Kysely<Database>, id: number): Promise<Campaign> {
  const campaign = await findCampaignById(db, parseCampaignId(id));
  if (!campaign) {
    throw new CafeError(
      'not_found',
      `There is no campaign ${id}: the campaign list shows those there are (Campaigns in the dashboard, or \`cafe-sms campaign list\`)`,
      {
        input: String(id),
      },
    );
  }
  return campaign;
}
