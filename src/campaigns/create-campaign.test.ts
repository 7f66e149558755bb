import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CafeError } from '../errors/index.js';
import { openTempStore, type TempStore } from '../store/test-support/temp-store.js';
import { createCampaign } from './index.js';
import { OPT_OUT, seedContacts, testClock } from './test-support/fixtures.js';

let store: TempStore;
const clock = testClock();
const deps = { optOutText: OPT_OUT, now: clock.now, defaultCountry: 'PK', maxSegments: 10 };

beforeEach(async () => {
  store = await openTempStore();
  await seedContacts(store.db, 2, (i) => (i === 1 ? { fields: { favourite_drink: 'chai' } } : {}));
});
afterEach(async () => {
  await store.dispose();
});

async function refusal(promise: Promise<unknown>): Promise<CafeError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(CafeError);
  return error as CafeError;
}

describe('createCampaign', () => {
  it('stores a promotional text draft with normalised tags and a snapshot of the opt-out line', async () => {
    const campaign = await createCampaign(
      store.db,
      { name: '  Winter menu ', template: 'Hi {{first_name}}!', tags: [' VIP', 'vip', 'Regulars '] },
      deps,
    );
    expect(campaign).toMatchObject({
      name: 'Winter menu',
      template: 'Hi {{first_name}}!',
      type: 'text',
      purpose: 'promotional',
      transactional: false,
      tags: ['vip', 'regulars'],
      optOutText: OPT_OUT,
      state: 'draft',
      scheduledAt: null,
      materialised: false,
      createdAt: clock.now().toISOString(),
    });
    expect(campaign.id).toBeGreaterThan(0);
  });

  it('gives transactional campaigns no opt-out line', async () => {
    const campaign = await createCampaign(store.db, { name: 'Order ready', template: 'Your order is ready', transactional: true }, deps);
    expect(campaign).toMatchObject({ purpose: 'transactional', transactional: true, optOutText: null, tags: [] });
  });

  it('carries no opt-out line when the configured one is blank', async () => {
    const campaign = await createCampaign(store.db, { name: 'x', template: 'Hi' }, { ...deps, optOutText: '  ' });
    expect(campaign.optOutText).toBeNull();
  });

  it('accepts custom fields some contact has, and fallbacks', async () => {
    const campaign = await createCampaign(
      store.db,
      { name: 'Drinks', template: 'Your {{favourite_drink|usual}} is waiting, {{name}}' },
      deps,
    );
    expect(campaign.state).toBe('draft');
  });

  it('refuses an unknown placeholder at once, naming it, and stores nothing', async () => {
    const error = await refusal(createCampaign(store.db, { name: 'Typo', template: 'Hi {{frist_name}}' }, deps));
    expect(error.code).toBe('invalid_input');
    expect(error.message).toContain('{{frist_name}}');
    expect(error.message).toContain('first_name');
    expect(await store.db.selectFrom('campaigns').selectAll().execute()).toEqual([]);
  });

  it('refuses an unclosed placeholder', async () => {
    const error = await refusal(createCampaign(store.db, { name: 'Typo', template: 'Hi {{name' }, deps));
    expect(error.code).toBe('invalid_input');
  });

  it.each([
    [{ name: '', template: 'Hi' }, 'name', /needs a name/],
    [{ name: '   ', template: 'Hi' }, 'name', /needs a name/],
    [{ name: 'x'.repeat(101), template: 'Hi' }, 'name', /longer than 100/],
    [{ name: 'ok', template: '  ' }, 'template', /template is empty/],
    [{ name: 'ok', template: 'Hi', tags: ['vip', ' '] }, 'tags', /tag is empty/],
    [{ name: 'ok', template: 'Hi', type: 'video' as 'text' }, 'type', /"text" or "image"/],
    [{ name: 'ok', template: 'Hi', scheduledAt: new Date('nope') }, 'scheduledAt', /valid date/],
  ])('refuses bad input %#, naming the field', async (input, field, message) => {
    const error = await refusal(createCampaign(store.db, input, deps));
    expect(error.code).toBe('invalid_input');
    expect(error.input).toBe(field);
    expect(error.message).toMatch(message);
  });

  it('schedules when given a future time', async () => {
    const at = new Date(clock.now().getTime() + 3_600_000);
    const campaign = await createCampaign(store.db, { name: 'Later', template: 'Hi', scheduledAt: at }, deps);
    expect(campaign).toMatchObject({ state: 'scheduled', scheduledAt: at.toISOString() });
  });

  it('refuses a schedule time that is not in the future, in cafe time', async () => {
    const error = await refusal(createCampaign(store.db, { name: 'Past', template: 'Hi', scheduledAt: clock.now() }, deps));
    expect(error.code).toBe('invalid_input');
    expect(error.message).toContain('2026-11-26 12:00');
    expect(error.message).toMatch(/not in the future/);
  });

  describe('image campaigns', () => {
    it('accept an http(s) URL and carry no opt-out line (the message is the URL)', async () => {
      const campaign = await createCampaign(
        store.db,
        { name: 'Menu', template: 'https://cafe.example/menu-{{first_name}}.jpg', type: 'image' },
        deps,
      );
      expect(campaign).toMatchObject({ type: 'image', optOutText: null, purpose: 'promotional' });
    });

    it('accept a URL held in a custom field', async () => {
      await seedContacts(store.db, 1, () => ({ fields: { card_url: 'https://cafe.example/card.png' } }));
      const campaign = await createCampaign(store.db, { name: 'Card', template: '{{card_url}}', type: 'image' }, deps);
      expect(campaign.type).toBe('image');
    });

    it.each(['Our new menu!', 'ftp://cafe.example/menu.jpg', 'https://'])('refuse %j', async (template) => {
      const error = await refusal(createCampaign(store.db, { name: 'Menu', template, type: 'image' }, deps));
      expect(error.code).toBe('invalid_input');
      expect(error.message).toMatch(/http\(s\) URL/);
    });
  });
});
