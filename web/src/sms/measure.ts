/**
 * The server's own pure modules for measuring and rendering SMS (no Node APIs in them), so the
 * composer's instant counter agrees with what the outbox records and the gateway bills.
 */
export { measureSms, type SmsShape } from '../../../src/sms/segments.js';
export { compileTemplate, BUILT_IN_TEMPLATE_FIELDS, type TemplateValues } from '../../../src/sms/template.js';
export { CafeError } from '../../../src/errors/index.js';
export { appendOptOutLine, optOutLineAfter, optOutLineVariants, type OptOutLineVariants } from '../../../src/sms/opt-out-line.js';
