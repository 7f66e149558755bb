import { describe, expect, it } from 'vitest';
import { CafeError } from '../errors/index.js';
import { BUILT_IN_TEMPLATE_FIELDS, compileTemplate } from './index.js';

const NO_CUSTOM = { knownFields: [] };

function errorOf(run: () => unknown): CafeError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(CafeError);
    return error as CafeError;
  }
  throw new Error('expected an error');
}

describe('compileTemplate', () => {
  it('fills name, phone and custom fields', () => {
    const template = compileTemplate('Salam {{name}} ({{phone}}), your {{favourite_drink}} is ready', { knownFields: ['favourite_drink'] });
    expect(template.render({ name: 'Ayesha Khan', phone: '923001234567', favourite_drink: 'chai' })).toBe(
      'Salam Ayesha Khan (923001234567), your chai is ready',
    );
  });

  it('answers the distinct placeholders in order of first use, lower-cased', () => {
    const template = compileTemplate('{{ Name }} {{phone}} {{name|x}} {{city}}', { knownFields: ['city'] });
    expect(template.placeholders).toEqual(['name', 'phone', 'city']);
  });

  it('allows spaces inside the braces and around the bar', () => {
    const template = compileTemplate('Hi {{  first_name  |  dear friend  }}!', NO_CUSTOM);
    expect(template.render({ name: 'Ayesha Khan' })).toBe('Hi Ayesha!');
    expect(template.render({})).toBe('Hi dear friend!');
  });

  it('takes first_name from the first word of name unless given', () => {
    const template = compileTemplate('Hi {{first_name}}', NO_CUSTOM);
    expect(template.render({ name: '  Muhammad   Ali Jinnah ' })).toBe('Hi Muhammad');
    expect(template.render({ name: 'Ayesha', first_name: 'Ashi' })).toBe('Hi Ashi');
    expect(template.render({ name: 'عائشہ خان' })).toBe('Hi عائشہ');
  });

  it('uses the fallback when the value is missing, null, empty or blank', () => {
    const template = compileTemplate('Hi {{name|friend}}', NO_CUSTOM);
    for (const name of [undefined, null, '', '   ']) expect(template.render({ name })).toBe('Hi friend');
  });

  it('matches field names case-insensitively', () => {
    expect(compileTemplate('{{CITY}}', { knownFields: ['City'] }).render({ city: 'Lahore' })).toBe('Lahore');
  });

  it.each([
    ['Hi {{name}}, your order is ready', 'Hi, your order is ready'],
    ['Hi {{name}}!', 'Hi!'],
    ['Dear {{name}} thank you', 'Dear thank you'],
    ['{{name}} welcome back', 'welcome back'],
    ['Thanks {{name}}', 'Thanks'],
    ['Thanks, {{name}}!', 'Thanks!'],
    ['See you soon, {{name}}', 'See you soon'],
    ['Salam, {{name}} welcome', 'Salam, welcome'],
    ['Hi {{name}}\nYour order is ready', 'Hi\nYour order is ready'],
    ['Hi {{first_name}} {{city}} friend', 'Hi friend'],
    ['Salam!\n{{name}} your order is ready', 'Salam!\nyour order is ready'],
    ['({{name}})', '()'],
    ['{{name}}{{city}}', ''],
  ])('renders an empty value as nothing and closes the gap: %j', (text, expected) => {
    expect(compileTemplate(text, { knownFields: ['city'] }).render({ name: '', city: null })).toBe(expected);
  });

  it('keeps the text exactly when there are no placeholders, or braces that are not placeholders', () => {
    expect(compileTemplate('Plain text, no fields.', NO_CUSTOM).render({})).toBe('Plain text, no fields.');
    expect(compileTemplate('Set {a} and } and }} stay', NO_CUSTOM).render({})).toBe('Set {a} and } and }} stay');
  });

  it('renders many times from one compilation', () => {
    const template = compileTemplate('Hi {{first_name|there}}, order #{{order}} is ready', { knownFields: ['order'] });
    const rendered = Array.from({ length: 10_000 }, (_, i) => template.render({ name: i % 2 ? `Guest ${i}` : null, order: String(i) }));
    expect(rendered[0]).toBe('Hi there, order #0 is ready');
    expect(rendered[9_999]).toBe('Hi Guest, order #9999 is ready');
  });

  it('refuses an unknown placeholder, naming it and listing the known fields', () => {
    const error = errorOf(() => compileTemplate('Hi {{ favourit_drink }}', { knownFields: ['favourite_drink', 'city'] }));
    expect(error.code).toBe('invalid_input');
    expect(error.message).toBe(
      'Unknown placeholder {{favourit_drink}}: the fields you can use are name, first_name, phone, favourite_drink, city',
    );
    expect(error.input).toBe('{{ favourit_drink }}');
    expect(error.details).toEqual({ placeholder: 'favourit_drink', knownFields: [...BUILT_IN_TEMPLATE_FIELDS, 'favourite_drink', 'city'] });
  });

  it.each([
    ['Hi {{name', 1 + 'Hi '.length],
    ['Hi {{name, see you {{city}}', 1 + 'Hi '.length],
    ['{{name}} and {{', 1 + '{{name}} and '.length],
  ])('refuses an unclosed {{ in %j, saying where', (text, position) => {
    const error = errorOf(() => compileTemplate(text, { knownFields: ['city'] }));
    expect(error.code).toBe('invalid_input');
    expect(error.message).toContain(`without a closing "}}" at character ${position}`);
  });

  it.each(['{{}}', '{{ | x }}', '{{first name}}', '{{{name}}}', '{{na-me}}'])('refuses %j as not a placeholder', (text) => {
    const error = errorOf(() => compileTemplate(text, NO_CUSTOM));
    expect(error.code).toBe('invalid_input');
    expect(error.message).toMatch(/is not a placeholder: write \{\{field\}\}/);
  });
});
