export { normalizePhone, tryNormalizePhone } from './phone.js';
export { measureSms, type SmsEncoding, type SmsShape } from './segments.js';
