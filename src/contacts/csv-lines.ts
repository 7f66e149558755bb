const LINE_BREAK = /\r\n|\n|\r/g;
const LEADING_BREAKS = /^(?:\r\n|\n|\r)+/;

function countBreaks(text: string): number {
  return text.match(LINE_BREAK)?.length ?? 0;
}

export interface LineLocator {
  /** Given the raw text of the next record, in file order, answers the line it starts on. */
  startOf(raw: string): number;
}

/**
 * Line numbers from the records' raw text. csv-parse's own `info.lines` is where a record ends and
 * counts a CRLF inside a quoted field twice; people look for the line where a row begins.
 * The raw text of a record carries the empty lines skipped before it, then its own line breaks.
 */
export function createLineLocator(): LineLocator {
  let nextLine = 1;
  return {
    startOf(raw) {
      const leading = LEADING_BREAKS.exec(raw)?.[0] ?? '';
      const start = nextLine + countBreaks(leading);
      nextLine = start + countBreaks(raw.slice(leading.length));
      return start;
    },
  };
}
