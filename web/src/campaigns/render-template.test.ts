import { describe, expect, it } from 'vitest';
import type { Contact } from '../api/types';
import { measureSms } from '../sms/measure';
import { SAMPLE_VALUES, contactValues, insertAt, renderForCounter, withOptOutLine } from './render-template';

const contact: Contact = {
  id: 7,
  phone: '923001234567',
  name: 'Bilal Ahmed',
  tags: ['vip'],
  fields: { city: 'Lahore' },
  optedOut: false,
  optedOutAt: null,
  optOutReason: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};

describe('template rendering for the live counter', () => {
  it('fills built-in placeholders and custom fields from the contact', () => {
    expect(renderForCounter('Hi {{first_name}} ({{ name }}) in {{city}}', contactValues(contact))).toEqual({
      text: 'Hi Bilal (Bilal Ahmed) in Lahore',
    });
    expect(renderForCounter('Salaam {{first_name}}!', SAMPLE_VALUES).text).toBe('Salaam Ayesha!');
  });

  it('renders a field the contact lacks as its fallback, or as nothing', () => {
    expect(renderForCounter('Hi {{nickname|friend}}!', contactValues(contact)).text).toBe('Hi friend!');
    expect(renderForCounter('Hi {{nickname}}, welcome', contactValues(contact)).text).toBe('Hi, welcome');
  });

  it('says at once when the template is malformed, and counts it as written', () => {
    const rendering = renderForCounter('Hi {{name', SAMPLE_VALUES);
    expect(rendering.text).toBe('Hi {{name');
    expect(rendering.error).toMatch(/without a closing/);
  });

  it('puts the opt-out line on its own line, only when there is one and a message', () => {
    expect(withOptOutLine('Sale today', 'Reply STOP to opt out')).toBe('Sale today\nReply STOP to opt out');
    expect(withOptOutLine('Your order is ready', null)).toBe('Your order is ready');
    expect(withOptOutLine('', 'Reply STOP to opt out')).toBe('');
  });

  it('counts the opt-out line: Urdu in it makes the whole message UCS-2', () => {
    const english = measureSms(withOptOutLine('Sale today', 'Reply STOP to opt out'));
    expect(english).toMatchObject({ encoding: 'GSM-7', segments: 1 });
    const mixed = measureSms(withOptOutLine('Sale today', 'بند کرنے کے لیے STOP بھیجیں'));
    expect(mixed.encoding).toBe('UCS-2');
    expect(mixed.nonGsmCharacters.length).toBeGreaterThan(0);
  });

  it('measures an empty message as zero segments', () => {
    expect(measureSms('')).toMatchObject({ segments: 0, characters: 0 });
  });

  it('inserts a placeholder at the caret, replacing the selection', () => {
    expect(insertAt('Hello !', 6, 6, '{{name}}')).toEqual({ value: 'Hello {{name}}!', caret: 14 });
    expect(insertAt('Hello you!', 6, 9, '{{name}}')).toEqual({ value: 'Hello {{name}}!', caret: 14 });
  });
});
