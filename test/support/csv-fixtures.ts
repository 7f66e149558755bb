/*
 * CSV files that tests of more than one layer write out (the reader, the CLI, the API): kept here
 * once so that every layer is tested on the same bytes.
 */

/** The i-th test customer's mobile number as a file or a person writes it. */
export const localPhone = (i: number): string => `0300${String(1_000_000 + i)}`;

/** The same number as cafe-sms normalizes it: what the store keeps and the gateway is sent. */
export const normalizedPhone = (i: number): string => `92300${String(1_000_000 + i)}`;

/** `count` contact rows `localPhone(i),Guest i`, each ending in a line break, without a header. */
export function guestContactRows(count: number): string {
  return Array.from({ length: count }, (_, i) => `${localPhone(i)},Guest ${i}\n`).join('');
}

/** A contacts file of `count` guests under a `phone,name` header. */
export function guestContactsCsv(count: number): string {
  return `phone,name\n${guestContactRows(count)}`;
}

/** A contacts file of one customer. */
export const ONE_CONTACT_CSV = 'phone,name\n03001234567,Ayesha\n';

/** A contacts file without a phone column: its headers are "Name" and "Email". */
export const CONTACTS_CSV_WITHOUT_PHONE_COLUMN = 'Name,Email\nAyesha,a@example.com\n';

/** A contacts file whose header has 10,001 columns (20 KB), far past the 500 allowed. */
export const CONTACTS_CSV_OF_10_001_COLUMNS = `phone${',x'.repeat(10_000)}\n03001234567${','.repeat(10_000)}\n`;

/** A bulk file without its message column (it says `text`). */
export const BULK_CSV_WITHOUT_MESSAGE_COLUMN = 'phone,text\n03001234567,hi\n';

/** A bulk file with a quote opened on line 3 and never closed. */
export const BULK_CSV_WITH_UNCLOSED_QUOTE = 'phone,message\n03001234567,ok\n03001234568,"never closed\nmore\n';
