import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listContacts } from '../store/index.js';
import { openTempStore, type TempStore } from '../store/test-support/temp-store.js';
import { assertValidContact, CONTACT_LIMITS, contactProblems, fieldKeyProblem, importContactsCsv } from './index.js';

describe('contactProblems: the one rule of what a contact may hold', () => {
  it('takes a contact within every limit', () => {
    expect(
      contactProblems({
        name: 'n'.repeat(CONTACT_LIMITS.nameLength),
        tags: Array.from({ length: CONTACT_LIMITS.tags }, (_, i) => `tag ${i}`),
        fields: { drink: 'd'.repeat(CONTACT_LIMITS.fieldValueLength), نام: 'علی', removed: null },
      }),
    ).toEqual([]);
  });

  it('names each part over its limit, with the length and the limit, showing only the start of a huge value', () => {
    const problems = contactProblems({
      name: 'x'.repeat(300_000),
      tags: [...Array.from({ length: 51 }, (_, i) => `t${i}`), 'y'.repeat(51)],
      fields: { note: 'z'.repeat(501) },
    });
    expect(problems.map((p) => [p.part, p.message])).toEqual([
      ['name', 'The name is 300000 characters long: a name may be at most 100'],
      ['tags', '52 tags given: a contact may have at most 50'],
      ['tags', `The tag "${'y'.repeat(51)}" is too long: a tag may be at most 50 characters`],
      ['fields.note', 'The field note is 501 characters long: a field may hold at most 500'],
    ]);
    expect(problems[0]?.input).toHaveLength(60);
  });

  it('refuses field names that are reserved, JavaScript object keys, not in field form or too long', () => {
    expect(fieldKeyProblem('favourite_drink')).toBeUndefined();
    expect(fieldKeyProblem('constructor')).toMatch(/cannot be a field name \(the name is reserved\)/);
    expect(fieldKeyProblem('__proto__')).toMatch(/is not a field name|reserved/);
    expect(fieldKeyProblem('prototype')).toMatch(/reserved/);
    expect(fieldKeyProblem('phone')).toMatch(/is not a custom field/);
    expect(fieldKeyProblem('Bad Key')).toMatch(/is not a field name: use lower-case letters, digits and _/);
    expect(fieldKeyProblem('k'.repeat(41))).toMatch(/longer than 40 characters/);
    expect(contactProblems({ fields: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`f${i}`, 'x'])) })[0]?.message).toBe(
      '51 custom fields given: a contact may have at most 50',
    );
  });

  it('throws the first problem as invalid_input naming the part', () => {
    expect(() => assertValidContact({ fields: { constructor: 'x' } })).toThrow(
      expect.objectContaining({ code: 'invalid_input', field: 'fields.constructor' }),
    );
  });
});

describe('a CSV import holds rows to the same rule', () => {
  let store: TempStore;
  beforeEach(async () => {
    store = await openTempStore();
  });
  afterEach(async () => {
    await store.dispose();
  });

  it('rejects the rows over a limit with their line and stores the others whole', async () => {
    const csv = [
      'phone,name,tags,note',
      '03001230001,Ali,regulars,fine',
      `03001230002,${'N'.repeat(5_000_000)},,`,
      `03001230003,Sara,,${'f'.repeat(100_000)}`,
      `03001230004,Bilal,"${Array.from({ length: 2000 }, (_, i) => `t${i}`).join(';')}",`,
      '03001230005,Hina,,ok',
    ].join('\n');
    const result = await importContactsCsv(store.db, Readable.from([csv]), { defaultCountry: 'PK' });
    expect(result).toMatchObject({ imported: 2, rejectedTotal: 3, total: 5 });
    expect(result.rejected.map((row) => [row.line, row.reason])).toEqual([
      [3, 'The name is 5000000 characters long: a name may be at most 100'],
      [4, 'The field note is 100000 characters long: a field may hold at most 500'],
      [5, '2000 tags given: a contact may have at most 50'],
    ]);
    for (const row of result.rejected) expect((row.input ?? '').length).toBeLessThanOrEqual(60);
    const stored = await listContacts(store.db, {});
    expect(stored.contacts.map((c) => c.name)).toEqual(['Ali', 'Hina']);
  });
});
