import { describe, expect, it } from 'vitest';
import { createLineLocator } from './csv-lines.js';

describe('createLineLocator', () => {
  it('answers the lines each record takes, in file order, whatever the line breaks', () => {
    const locator = createLineLocator();
    expect(locator.spanOf('phone,name\r\n')).toEqual({ first: 1, last: 1 });
    // A quoted field holding a CRLF and a lone CR: one line break each.
    expect(locator.spanOf('0300,"Ayesha\r\nKhan\rJr"\n')).toEqual({ first: 2, last: 4 });
    // Blank lines skipped before a record travel with its raw text.
    expect(locator.spanOf('\n\r\n\r0301,Bilal\n')).toEqual({ first: 8, last: 8 });
    // The file's last line, without a line break of its own.
    expect(locator.spanOf('0302,"Chand\nBibi"')).toEqual({ first: 9, last: 10 });
  });

  it('counts a million blank lines in one pass, without a list of them', () => {
    const locator = createLineLocator();
    locator.spanOf('phone\n');
    const started = performance.now();
    expect(locator.spanOf(`${'\n'.repeat(1_000_000)}0300\n`)).toEqual({ first: 1_000_002, last: 1_000_002 });
    expect(performance.now() - started).toBeLessThan(500);
  });
});
