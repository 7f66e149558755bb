import { describe, expect, it } from 'vitest';
import { CafeError } from '../errors/index.js';
import { MAX_COLUMNS } from './column-plan.js';
import { planColumns, toFieldKey } from './index.js';

describe('planColumns', () => {
  it.each([
    'phone',
    'Phone',
    'MOBILE',
    'Number',
    'cell',
    'Cell Phone',
    'mobile number',
    'Phone_Number',
    'phone-number',
    'Contact',
    ' Mobile No. ',
  ])('reads %j as the phone column', (header) => {
    expect(planColumns([header]).roles).toEqual([{ kind: 'phone' }]);
  });

  it.each(['name', 'Full Name', 'CUSTOMER', 'Customer Name'])('reads %j as the name column', (header) => {
    expect(planColumns(['phone', header]).roles[1]).toEqual({ kind: 'name' });
  });

  it('reads first and last name columns', () => {
    expect(planColumns(['First Name', 'last_name', 'Phone']).roles).toEqual([
      { kind: 'first_name' },
      { kind: 'last_name' },
      { kind: 'phone' },
    ]);
  });

  it.each(['tags', 'Tag', 'Labels'])('reads %j as the tags column', (header) => {
    expect(planColumns(['phone', header]).roles[1]).toEqual({ kind: 'tags' });
  });

  it('reads the opt-out columns of our own export (and their usual spellings)', () => {
    expect(planColumns(['phone', 'opted_out', 'opted_out_at']).roles.slice(1)).toEqual([{ kind: 'opted_out' }, { kind: 'opted_out_at' }]);
    expect(planColumns(['Unsubscribed', 'Mobile', 'Opt-out at']).roles).toEqual([
      { kind: 'opted_out' },
      { kind: 'phone' },
      { kind: 'opted_out_at' },
    ]);
  });

  it('turns every other column into a custom field with a unique snake_case key', () => {
    const plan = planColumns(['Phone', 'Favourite Drink', 'Birthday (DD/MM)', 'Mobile', 'phone #2', '', 'favourite-drink', 'Phone']);
    expect(plan.roles).toEqual([
      { kind: 'phone' },
      { kind: 'field', key: 'favourite_drink' },
      { kind: 'field', key: 'birthday_dd_mm' },
      { kind: 'field', key: 'mobile' },
      { kind: 'field', key: 'phone_2' },
      { kind: 'field', key: 'column_6' },
      { kind: 'field', key: 'favourite_drink_2' },
      { kind: 'field', key: 'phone_3' },
    ]);
  });

  it('gives a repeated column of the export a key of its own, so no field shadows tags or the opt-out columns', () => {
    const plan = planColumns(['phone', 'tags', 'Tags', 'opted_out', 'opted out', 'First Name', 'first_name']);
    expect(plan.roles.slice(1).map((role) => (role.kind === 'field' ? role.key : role.kind))).toEqual([
      'tags',
      'tags_2',
      'opted_out',
      'opted_out_2',
      'first_name',
      'first_name_2',
    ]);
  });

  it('numbers a repeated header past the keys already taken, a header written as one of them included', () => {
    const plan = planColumns(['phone', 'x', 'x_2', 'x', 'x', 'X 3', 'x']);
    expect(plan.roles.slice(1).map((role) => (role.kind === 'field' ? role.key : role.kind))).toEqual([
      'x',
      'x_2',
      'x_3',
      'x_4',
      'x_3_2',
      'x_5',
    ]);
  });

  it(`keys ${MAX_COLUMNS} columns of one name in linear time`, () => {
    const headers = ['phone', ...Array.from({ length: MAX_COLUMNS - 1 }, () => 'x')];
    const started = performance.now();
    const keys = planColumns(headers)
      .roles.slice(1)
      .map((role) => (role.kind === 'field' ? role.key : role.kind));
    expect(performance.now() - started).toBeLessThan(100);
    expect(keys.slice(0, 3)).toEqual(['x', 'x_2', 'x_3']);
    expect(keys.at(-1)).toBe(`x_${MAX_COLUMNS - 1}`);
    expect(new Set(keys).size).toBe(MAX_COLUMNS - 1);
  });

  it(`refuses more than ${MAX_COLUMNS} columns at once, naming the count and the limit`, () => {
    const headers = ['phone', ...Array.from({ length: 10_000 }, () => 'x')];
    const started = performance.now();
    expect(() => planColumns(headers)).toThrow(
      `The file's header row has 10,001 columns; a contacts file may have at most ${MAX_COLUMNS}. Delete the columns you do not need`,
    );
    expect(performance.now() - started).toBeLessThan(100);
    expect(() => planColumns(headers.slice(0, MAX_COLUMNS))).not.toThrow();
  });

  it('says so when the columns are separated by semicolons (Excel in many locales)', () => {
    expect(() => planColumns(['Phone;Name;Tags'])).toThrow(/separated by ";": save the file as "CSV UTF-8 \(comma delimited\)"/);
  });

  it('refuses a file with no phone column, naming the headers found', () => {
    let caught: unknown;
    try {
      planColumns(['Name', 'Email', 'City']);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(CafeError);
    expect((caught as CafeError).code).toBe('invalid_input');
    expect((caught as CafeError).message).toContain('no phone column: its header row reads "Name", "Email", "City"');
    expect((caught as CafeError).details).toEqual({ headers: ['Name', 'Email', 'City'] });
  });
});

describe('toFieldKey', () => {
  it.each([
    ['Favourite Drink', 'favourite_drink'],
    ['  Loyalty-Points  ', 'loyalty_points'],
    ['Order #', 'order'],
    ['شہر', 'شہر'],
    ['***', ''],
  ])('%j → %j', (header, key) => {
    expect(toFieldKey(header)).toBe(key);
  });
});

describe('planColumns: field names a contact may not have', () => {
  it('refuses a column named like a JavaScript object key, naming it and saying what to do', () => {
    for (const header of ['constructor', 'Constructor', 'prototype', 'hasOwnProperty']) {
      expect(() => planColumns(['phone', header]), header).toThrow(/cannot be a contact field \(the name is reserved\): rename the column/);
    }
  });

  it('cuts a header longer than a field name may be, keeping repeats apart', () => {
    const long = 'What is your favourite drink at our cafe on a winter evening';
    const plan = planColumns(['phone', long, long]);
    const keys = plan.roles.flatMap((role) => (role.kind === 'field' ? [role.key] : []));
    expect(keys).toEqual(['what_is_your_favourite_drink_at_our', 'what_is_your_favourite_drink_at_our_2']);
    for (const key of keys) expect(key.length).toBeLessThanOrEqual(40);
  });
});
