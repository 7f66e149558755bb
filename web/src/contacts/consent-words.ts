import type { ConsentEvent, ConsentSource } from '../api/types';

/** Where a change came from, in the words staff use. */
const SOURCE_WORDS: Readonly<Record<ConsentSource, string>> = {
  inbound: 'customer’s reply',
  dashboard: 'staff',
  import: 'CSV import',
  api: 'API',
  cli: 'command line',
};

export function consentChangeWords(change: ConsentEvent['change']): string {
  return change === 'opt_out' ? 'Opted out' : 'Opted in';
}

/** "staff (bilal)", "customer’s reply", "API (till)". */
export function consentSourceWords(event: Pick<ConsentEvent, 'source' | 'actor'>): string {
  const source = SOURCE_WORDS[event.source];
  return event.actor ? `${source} (${event.actor})` : source;
}
