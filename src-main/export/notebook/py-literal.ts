/**
 * Python source literals for data-derived values. Column names, class labels and categories come from the
 * person's file, so they are always emitted through these functions, never pasted into code as-is.
 */

/** A Python str literal. JSON string escapes (\" \\ \n \uXXXX) are all valid Python escapes. */
export function pyStr(value: string): string {
  // U+2028/2029 are legal in Python strings, but escaping them keeps the source readable in any editor.
  return JSON.stringify(value)
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** A Python float/int literal, with nan/inf spelled the Python way. */
export function pyNum(value: number): string {
  if (Number.isNaN(value)) return "float('nan')";
  if (value === Infinity) return "float('inf')";
  if (value === -Infinity) return "float('-inf')";
  return String(value);
}

/** Any JSON-like value as a Python literal (lists, dicts, None, True/False). */
export function py(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (typeof value === 'string') return pyStr(value);
  if (typeof value === 'number') return pyNum(value);
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (Array.isArray(value)) return `[${value.map(py).join(', ')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).map(([k, v]) => `${pyStr(k)}: ${py(v)}`);
    return `{${entries.join(', ')}}`;
  }
  throw new TypeError(`Cannot write ${typeof value} as a Python literal`);
}

/** A list of integers wrapped at ~100 characters per line so long index lists stay readable in a notebook. */
export function pyIntList(values: readonly number[], indent = '    '): string {
  if (values.length === 0) return '[]';
  const lines: string[] = [];
  let line = '';
  for (const v of values) {
    const piece = `${Math.trunc(v)}, `;
    if (line.length + piece.length > 100) {
      lines.push(indent + line.trimEnd());
      line = '';
    }
    line += piece;
  }
  if (line) lines.push(indent + line.trimEnd());
  return `[\n${lines.join('\n')}\n]`;
}

/** A markdown table cell: escapes pipes and HTML-significant characters, flattens newlines. */
export function mdCell(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '\\|')
    .replace(/[\r\n]+/g, ' ')
    .replace(/`/g, '\\`');
}
