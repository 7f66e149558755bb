import { describe, expect, it } from 'vitest';
import { compileTemplate } from '../sms/index.js';
import { contactTemplateValues } from './index.js';

describe('contactTemplateValues', () => {
  it('gives a template the contact’s name, first name, phone and custom fields', () => {
    const template = compileTemplate('{{first_name|friend}} ({{phone}}): your {{drink|usual}} awaits, {{name}}', {
      knownFields: ['drink'],
    });
    const contact = { name: 'Ayesha Khan', phone: '923001234567', fields: { drink: 'chai' } };
    expect(template.render(contactTemplateValues(contact))).toBe('Ayesha (923001234567): your chai awaits, Ayesha Khan');
    expect(template.render(contactTemplateValues({ name: null, phone: '923011234567', fields: {} }))).toBe(
      'friend (923011234567): your usual awaits',
    );
  });
});
