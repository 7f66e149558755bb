/**
 * Files we write are opened in Excel (or Numbers, LibreOffice), where a cell starting with = + -
 * or @ runs as a formula: a customer named =HYPERLINK("http://…"), or a bad phone cell sent back
 * in a results file, would be a link, or worse, in the owner's spreadsheet. Such cells are written
 * with a leading apostrophe (Excel's own "this is text" mark, not shown); a reader of our own
 * files takes it off again with unguardFormula. A tab or carriage return first counts too, and so
 * do the full-width = + - @ that Numbers folds into the plain ones: the same set as csv-stringify's
 * `escape_formulas`, which the tests compare against.
 */
const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

/** The text as a spreadsheet shows it without running it. */
export function guardFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** The text guardFormula was given; any other text as it is. */
export function unguardFormula(text: string): string {
  return text.startsWith("'") && FORMULA_START.test(text.slice(1)) ? text.slice(1) : text;
}
