/**
 * A command's output is for the person who ran it, so by default its log holds only warnings and
 * errors (on stderr): progress notes such as applied migrations would bury the result.
 * (In a module of its own: main.ts reads it before any command, and the configuration, is loaded.)
 */
export const CLI_LOG_LEVEL = 'warn';
