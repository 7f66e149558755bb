/**
 * Cells safe to open in a spreadsheet: the one rule for every CSV cafe-sms writes for people
 * (contacts export, bulk results). It depends on nothing, so any module may use it.
 */
export { guardFormula, unguardFormula } from './formula-guard.js';
