/**
 * Minimal nbformat 4.5 shapes (https://nbformat.readthedocs.io/en/latest/format_description.html).
 * Only what the generator writes: markdown and code cells without outputs.
 */

/** A cell as stored in the .ipynb file. `source` is a list of lines, each but the last ending in "\n". */
export type NotebookCell =
  | { cell_type: 'markdown'; id: string; metadata: Record<string, unknown>; source: string[] }
  | {
      cell_type: 'code';
      id: string;
      metadata: Record<string, unknown>;
      source: string[];
      execution_count: number | null;
      outputs: unknown[];
    };

/** A whole notebook, ready for JSON.stringify. */
export interface NotebookJson {
  nbformat: 4;
  nbformat_minor: 5;
  metadata: {
    kernelspec: { name: string; display_name: string; language: string };
    language_info: { name: string };
    automl?: Record<string, unknown>;
  };
  cells: NotebookCell[];
}

/** Splits text into nbformat source lines (each line keeps its "\n" except the last). */
export function sourceLines(text: string): string[] {
  const trimmed = text.replace(/^\n+/, '').replace(/\s+$/, '');
  const lines = trimmed.split('\n');
  return lines.map((line, i) => (i < lines.length - 1 ? `${line}\n` : line));
}

let counter = 0;
/** Cell ids must be unique within a notebook, 1-64 chars of [a-zA-Z0-9-_]. Deterministic per process run order. */
function nextId(prefix: string): string {
  counter += 1;
  return `${prefix}-${counter.toString(36)}`;
}

export function markdownCell(text: string): NotebookCell {
  return { cell_type: 'markdown', id: nextId('md'), metadata: {}, source: sourceLines(text) };
}

export function codeCell(text: string): NotebookCell {
  return {
    cell_type: 'code',
    id: nextId('code'),
    metadata: {},
    source: sourceLines(text),
    execution_count: null,
    outputs: [],
  };
}

/** Wraps cells into a notebook and renumbers ids so the same input gives the same file. */
export function notebookOf(cells: NotebookCell[], automl: Record<string, unknown>): NotebookJson {
  const renumbered = cells.map((c, i) => ({ ...c, id: `cell-${i + 1}` }));
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {
      kernelspec: { name: 'python3', display_name: 'Python 3', language: 'python' },
      language_info: { name: 'python' },
      automl,
    },
    cells: renumbered,
  };
}
