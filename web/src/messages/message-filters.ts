import type { MessageQuery } from '../api/cafe-api';
import { MESSAGE_STATES, type MessageState } from '../api/types';
import { karachiDayEndIso, karachiDayStartIso } from '../time/karachi';

export interface MessageFilters {
  campaignId: string;
  state: string;
  phone: string;
  /** Karachi calendar days, `YYYY-MM-DD`. */
  from: string;
  to: string;
  offset: number;
}

export const FILTER_KEYS = ['campaignId', 'state', 'phone', 'from', 'to'] as const;

/** Filters live in the address bar, so a campaign can link to its messages and Back works. */
export function filtersFromSearch(params: URLSearchParams): MessageFilters {
  const offset = Number(params.get('offset') ?? '0');
  return {
    campaignId: params.get('campaignId') ?? '',
    state: params.get('state') ?? '',
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

function isMessageState(value: string): value is MessageState {
  return (MESSAGE_STATES as readonly string[]).includes(value);
}

export function filtersToQuery(filters: MessageFilters, limit: number): MessageQuery {
  const campaignId = Number(filters.campaignId);
  const from = karachiDayStartIso(filters.from);
  const to = karachiDayEndIso(filters.to);
  return {
    limit,
    offset: filters.offset,
    ...(Number.isInteger(campaignId) && campaignId > 0 ? { campaignId } : {}),
    ...(isMessageState(filters.state) ? { state: filters.state } : {}),
    ...(filters.phone.trim() ? { phone: filters.phone.trim() } : {}),
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
  };
}
