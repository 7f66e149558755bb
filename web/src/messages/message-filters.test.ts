import { describe, expect, it } from 'vitest';
import { filtersFromSearch, filtersToQuery, filtersToSearch } from './message-filters';

describe('message filters in the address bar', () => {
  it('round-trips through the search string, leaving out empty filters', () => {
    const filters = filtersFromSearch(new URLSearchParams('campaignId=3&stage=not_delivered&offset=50'));
    expect(filters).toEqual({ campaignId: '3', stage: 'not_delivered', phone: '', from: '', to: '', offset: 50 });
    expect(filtersToSearch(filters)).toEqual({ campaignId: '3', stage: 'not_delivered', offset: '50' });
    expect(filtersToSearch({ ...filters, offset: 0 })).toEqual({ campaignId: '3', stage: 'not_delivered' });
  });

  it('ignores a nonsense offset', () => {
    expect(filtersFromSearch(new URLSearchParams('offset=-4')).offset).toBe(0);
    expect(filtersFromSearch(new URLSearchParams('offset=abc')).offset).toBe(0);
  });

  it('asks the server for the stage staff picked', () => {
    expect(filtersToQuery({ campaignId: '', stage: 'sent', phone: '', from: '', to: '', offset: 0 }, 50)).toEqual({
      limit: 50,
      offset: 0,
      stage: 'sent',
    });
  });

  it('turns Karachi days into an instant range and drops unknown stages (an old link with a state)', () => {
    const query = filtersToQuery(
      { campaignId: '', stage: 'accepted', phone: ' 0300 ', from: '2026-11-26', to: '2026-11-26', offset: 0 },
      50,
    );
    expect(query).toEqual({
      limit: 50,
      offset: 0,
      phone: '0300',
      from: '2026-11-25T19:00:00.000Z',
      to: '2026-11-26T18:59:59.999Z',
    });
  });
});
