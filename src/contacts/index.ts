export {
  importContactsCsv,
  type ImportOptions,
  type ImportProgress,
  type ImportResult,
  type RejectedRow,
} from './import-csv.js';
export { exportContactsCsv, EXPORT_COLUMNS, type ExportOptions, type ExportResult } from './export-csv.js';
export { planColumns, toFieldKey, type ColumnPlan, type ColumnRole } from './column-plan.js';
export { contactTemplateValues } from './template-values.js';
export { openCsvFile, type CsvFile } from './open-csv-file.js';
export { isReservedFieldKey, RESERVED_FIELD_KEYS } from './field-keys.js';
