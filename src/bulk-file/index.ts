/**
 * Bulk CSV files: checking the rows to send (`phone,message[,type]`), sending them, and writing the
 * results file (`line,phone,outcome,uid,error`, one line per input row, in input order). Rows to
 * customers who opted out are never sent: they are `skipped`. When sending stops early (Ctrl-C), the
 * calls in flight finish and the rows never handed to the gateway are `not_sent`.
 *
 * Two passes, both streamed: `checkBulkFile` reads the whole file and keeps only its invalid rows,
 * so that nothing is sent from a file with mistakes; `sendBulkFile` reads it again and sends it,
 * writing results as calls settle. Memory does not grow with the file's size.
 * Line numbers are the file's physical lines, so a quoted message spanning lines is counted right.
 */
export {
  checkBulkFile,
  readBulkRows,
  type BulkEntry,
  type BulkFileCheck,
  type BulkRow,
  type InvalidBulkRow,
  type ReadBulkFileOptions,
  type SkippedBulkRow,
} from './read-bulk-file.js';
export { optedOutWhen } from './opted-out.js';
export { createPhoneCache, type PhoneCache } from './phone-cache.js';
export { sendBulkFile, type BulkSendReport, type SendBulkFileOptions } from './send-file.js';
export { createRowResultConverter, type SentRowResult } from './row-result.js';
export {
  createOrderedResultsWriter,
  resultsCsv,
  RESULT_COLUMNS,
  type BulkResultRow,
  type OrderedResultsWriter,
  type ResultOutcome,
} from './write-results.js';
export { createBulkTally, type BulkCounts, type BulkSummary, type BulkTally, type ReasonGroup } from './tally.js';
export { checkMessage, messageProblem, parseMessageType, MESSAGE_TYPES } from './validate-row.js';
