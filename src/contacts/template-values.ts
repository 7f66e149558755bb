import type { Contact } from '../store/index.js';
import type { TemplateValues } from '../sms/index.js';

/** What a template sees of a contact: name, phone and the custom fields (first_name derives from name). */
export function contactTemplateValues(contact: Pick<Contact, 'name' | 'phone' | 'fields'>): TemplateValues {
  return { ...contact.fields, name: contact.name, phone: contact.phone };
}
