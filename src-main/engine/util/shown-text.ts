/**
 * Text from a person's file (a cell, a column name) as a message shows it: at most `max` characters, control
 * characters (a NUL byte…) as U+FFFD, so a message never carries raw control bytes to a screen, log or terminal.
 */
export const shownText = (raw: string, max = 60): string =>
  raw.slice(0, max).replace(/[\u0000-\u001f\u007f]/g, '\uFFFD');
