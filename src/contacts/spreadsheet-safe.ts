/**
 * The export escapes cells that would run as formulas, and the import takes the escape off again,
 * so an export still imports back as it was. The rule is shared with the bulk results file.
 */
export { guardFormula, unguardFormula } from '../spreadsheet/index.js';
