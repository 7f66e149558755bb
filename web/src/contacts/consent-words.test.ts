import { describe, expect, it } from 'vitest';
import { consentChangeWords, consentSourceWords } from './consent-words';

describe('consent in staff words', () => {
  it('says where a change came from, and who made it when known', () => {
    expect(consentSourceWords({ source: 'inbound', actor: null })).toBe('customer’s reply');
    expect(consentSourceWords({ source: 'dashboard', actor: 'bilal' })).toBe('staff (bilal)');
    expect(consentSourceWords({ source: 'api', actor: 'till' })).toBe('API (till)');
    expect(consentSourceWords({ source: 'import', actor: null })).toBe('CSV import');
    expect(consentChangeWords('opt_out')).toBe('Opted out');
    expect(consentChangeWords('opt_in')).toBe('Opted in');
  });
});
