import type { MessageQuery } from '../api/cafe-api';
import { MESSAGE_STAGES, type MessageStage } from '../api/types';
import { karachiDayEndIso, karachiDayStartIso } from '../time/karachi';

export interface MessageFilters {
  campaignId: string;
  /** What happened, in the staff vocabulary (waiting, sent, delivered, not_delivered, failed, not_sent). */
  stage: string;
  phone: string;
  /** Karachi calendar days, `YYYY-MM-DD`. */
  from: string;
  to: string;
  offset: number;
}

export const FILTER_KEYS = ['campaignId', 'stage', 'phone', 'from', 'to'] as const;

/** Filters live in the address bar, so a campaign can link to its messages and Back works. */
export function filtersFromSearch(params: URLSearchParams): MessageFilters {
  const offset = Number(params.get('offset') ?? '0');
  return {
    campaignId: params.get('campaignId') ?? '',
    stage: params.get('stage') ?? '',
    phone: params.get('phone') ?? '',
    from: params.get('from') ?? '',
    to: params.get('to') ?? '',
    offset: Number.isInteger(offset) && offset > 0 ? offset : 0,
  };
}

export function filtersToSearch(filters: MessageFilters): Record<string, string> {
  const entries = Object.entries(filters).filter(([key, value]) => value !== '' && !(key === 'offset' && value === 0));
  return Object.fromEntries(entries.map(([key, value]) => [key, String(value)]));
}

function isMessageStage(value: string): value is MessageStage {
  return (MESSAGE_STAGES as readonly string[]).includes(value);
}

export function filtersToQuery(filters: MessageFilters, limit: number): MessageQuery {
  const campaignId = Number(filters.campaignId);
  const from = karachiDayStartIso(filters.from);
  const to = karachiDayEndIso(filters.to);
  return {
    limit,
    offset: filters.offset,
    ...(Number.isInteger(campaignId) && campaignId > 0 ? { campaignId } : {}),
    ...(isMessageStage(filters.stage) ? { stage: filters.stage } : {}),
    ...(filters.phone.trim() ? { phone: filters.phone.trim() } : {}),
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
  };
}
