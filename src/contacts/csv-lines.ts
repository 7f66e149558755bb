const LF = 0x0a;
const CR = 0x0d;

/** The lines a record of the file takes, both counted from 1 (the header is line 1). */
export interface LineSpan {
  /** The line the record starts on. */
  first: number;
  /** The line it ends on: later than `first` when a quoted field holds line breaks. */
  last: number;
}

export interface LineLocator {
  /** Given the raw text of the next record, in file order, answers the lines it takes. */
  spanOf(raw: string): LineSpan;
}

/**
 * Line numbers from the records' raw text. csv-parse's own `info.lines` is where a record ends and
 * counts a CRLF inside a quoted field twice; people look for the line where a row begins.
 * The raw text of a record carries the empty lines skipped before it, then its own line breaks,
 * the one that ends it included (but for the file's last line, when it has none).
 *
 * The text is scanned once, counting as it goes: a record after a million blank lines carries them
 * all, and a list of every break (String.match) cost hundreds of megabytes.
 */
export function createLineLocator(): LineLocator {
  let nextLine = 1;
  return {
    spanOf(raw) {
      const contentFrom = leadingBreaksEnd(raw);
      const first = nextLine + countBreaks(raw, 0, contentFrom);
      const breaks = countBreaks(raw, contentFrom, raw.length);
      nextLine = first + breaks;
      const last = endsWithBreak(raw, contentFrom) ? nextLine - 1 : nextLine;
      return { first, last };
    },
  };
}

function isBreak(code: number): boolean {
  return code === LF || code === CR;
}

function leadingBreaksEnd(text: string): number {
  let index = 0;
  while (index < text.length && isBreak(text.charCodeAt(index))) index += 1;
  return index;
}

/** Line breaks in text[from, to): CRLF, LF and a lone CR each count once. */
function countBreaks(text: string, from: number, to: number): number {
  let breaks = 0;
  for (let index = from; index < to; index += 1) {
    const code = text.charCodeAt(index);
    if (code === LF) breaks += 1;
    else if (code === CR && text.charCodeAt(index + 1) !== LF) breaks += 1;
  }
  return breaks;
}

function endsWithBreak(text: string, contentFrom: number): boolean {
  return text.length > contentFrom && isBreak(text.charCodeAt(text.length - 1));
}
