export {
  importContactsCsv,
  storedBeforeFailure,
  type ImportOptions,
  type ImportProgress,
  type ImportResult,
  type RejectedRow,
  type StoredPart,
} from './import-csv.js';
export { exportContactsCsv, EXPORT_COLUMNS, type ExportOptions, type ExportResult } from './export-csv.js';
export { planColumns, type ColumnPlan, type ColumnRole } from './column-plan.js';
export { contactTemplateValues } from './template-values.js';
export { openCsvFile, type CsvFile } from './open-csv-file.js';
export { isReservedFieldKey, RESERVED_FIELD_KEYS, toFieldKey } from './field-keys.js';
export {
  assertValidContact,
  contactProblemError,
  contactProblems,
  CONTACT_LIMITS,
  fieldKeyProblem,
  type ContactDraft,
  type ContactPart,
  type ContactProblem,
} from './contact-rules.js';
