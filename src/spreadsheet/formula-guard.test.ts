import { stringify } from 'csv-stringify/sync';
import { describe, expect, it } from 'vitest';
import { guardFormula, unguardFormula } from './index.js';

const RISKY = [
  '=1+2',
  '+923001234567',
  '-3',
  '@SUM(A1)',
  '\tx',
  '\rx',
  '＝1+2',
  '＋1',
  '－1',
  '＠A1',
  '=HYPERLINK("http://evil.example","x")',
];
const PLAIN = ['', 'plain', '923001234567', "'quoted", ' =1', 'a=b', 'اردو', '😀'];

describe('guardFormula', () => {
  it('marks as text every cell a spreadsheet would run, and no other', () => {
    expect(RISKY.map(guardFormula)).toEqual(RISKY.map((text) => `'${text}`));
    expect(PLAIN.map(guardFormula)).toEqual(PLAIN);
  });

  it('guards exactly what csv-stringify escape_formulas guards', () => {
    for (const text of [...RISKY, ...PLAIN]) {
      expect(stringify([[guardFormula(text)]]), JSON.stringify(text)).toBe(stringify([[text]], { escape_formulas: true }));
    }
  });

  it('unguardFormula gives back what was guarded, and leaves other apostrophes', () => {
    for (const text of [...RISKY, ...PLAIN]) expect(unguardFormula(guardFormula(text))).toBe(text);
    expect(unguardFormula("'plain")).toBe("'plain");
  });
});
