/**
 * The export is opened in Excel, where a cell starting with = + - or @ runs as a formula: a
 * customer named =HYPERLINK("http://…") would be a link, or worse, in the owner's spreadsheet.
 * Such cells are written with a leading apostrophe (Excel's own "this is text" mark, not shown),
 * and the import takes it off again, so an export still imports back as it was.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function guardFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

export function unguardFormula(text: string): string {
  return text.startsWith("'") && FORMULA_START.test(text.slice(1)) ? text.slice(1) : text;
}
