export { isPhoneCountry, normalizePhone, tryNormalizePhone } from './phone.js';
export { phoneForStaff } from './phone-for-staff.js';
export { isGsm7, measureSms, type SmsEncoding, type SmsShape } from './segments.js';
export {
  BUILT_IN_TEMPLATE_FIELDS,
  compileTemplate,
  type CompiledTemplate,
  type CompileTemplateOptions,
  type TemplateValues,
} from './template.js';
export { appendOptOutLine, createOptOutAppender } from './opt-out-line.js';
export { isImageUrl } from './image-url.js';
