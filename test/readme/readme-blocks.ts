/** One command line of a README shell block. */
export interface ReadmeCommand {
  /** 1-based line of README.md where the command starts. */
  line: number;
  /** The command as written, its trailing comment included. */
  text: string;
}

export interface SkippedCommand extends ReadmeCommand {
  reason: string;
}

export interface ReadmeBlock {
  /** Line of the opening ```sh. */
  line: number;
  run: ReadmeCommand[];
  skipped: SkippedCommand[];
}

/**
 * Comments that mark a command the README test must not run, and why. Nothing else is skipped: a
 * command without one of these runs, and must succeed.
 */
const SKIP_MARKERS: ReadonlyArray<readonly [RegExp, string]> = [
  [/#\s*runs until stopped\b/, 'runs until stopped'],
  [/#\s*runs the test suite\b/, 'runs the test suite this test belongs to'],
  // Run against a real PostgreSQL by src/cli/db.test.ts and test/postgres/ instead.
  [/#\s*on your PostgreSQL\b/, "needs the reader's own PostgreSQL server"],
];

/**
 * The ```sh blocks of a README, each as its command lines: comment-only and blank lines dropped,
 * lines ending in a backslash joined to the next.
 */
export function readmeBlocks(markdown: string): ReadmeBlock[] {
  const lines = markdown.split('\n');
  const blocks: ReadmeBlock[] = [];
  let current: ReadmeBlock | undefined;
  let pending: ReadmeCommand | undefined;
  lines.forEach((raw, index) => {
    const text = raw.trimEnd();
    if (current === undefined) {
      if (/^```sh\s*$/.test(text)) current = { line: index + 1, run: [], skipped: [] };
      return;
    }
    if (/^```\s*$/.test(text)) {
      blocks.push(current);
      current = undefined;
      return;
    }
    if (pending === undefined && (text.trim() === '' || text.trim().startsWith('#'))) return;
    const command: ReadmeCommand =
      pending === undefined ? { line: index + 1, text } : { line: pending.line, text: `${pending.text}\n${text}` };
    if (text.endsWith('\\')) {
      pending = command;
      return;
    }
    pending = undefined;
    const marker = SKIP_MARKERS.find(([pattern]) => pattern.test(command.text));
    if (marker === undefined) current.run.push(command);
    else current.skipped.push({ ...command, reason: marker[1] });
  });
  if (current !== undefined) throw new Error(`README.md: the \`\`\`sh block at line ${current.line} is never closed`);
  return blocks;
}

/** Exit status of a block's script when one of its commands failed (the command's own is printed). */
export const COMMAND_FAILED = 90;

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/**
 * A block as one bash script, so that a variable set on one line (a uid) reaches the next, as when a
 * person pastes the block into a terminal. Each command is echoed first; the script stops at the first
 * that fails, naming its README line and exit status.
 */
export function blockScript(block: ReadmeBlock): string {
  return block.run
    .map((command) =>
      [
        `printf '\\n$ %s\\n' ${shellQuote(command.text)}`,
        command.text,
        `__status=$?; if [ $__status -ne 0 ]; then printf '\\nREADME.md line %s failed with exit %s\\n' ${command.line} $__status; ` +
          `exit ${COMMAND_FAILED}; fi`,
      ].join('\n'),
    )
    .join('\n');
}
