/**
 * The bundle's words for people (notebook, report) name every column as the person's file writes it: where two
 * names differ only by case ("Price", "price") the app calls the later one 'price_1' inside (its database cannot
 * tell them apart), but pandas and people can, so FEATURES, tables and charts say 'price'. Only model.onnx's inputs
 * keep the app's names (the notebook's INPUT_COLUMNS maps them to the data's columns).
 */
import { writtenNames } from '@shared/column-names';
import type { NotebookInput } from './notebook/build-notebook';
import type { ReportInput } from './report/build-report';

type Shown = (name: string) => string;

/** Keys whose string value is a column name. */
const NAME_KEYS = new Set(['column', 'target', 'feature', 'date', 'a', 'b']);
/** Keys of lists whose strings are column names. */
const LIST_KEYS = new Set(['features', 'drop', 'columns', 'decimalCommas']);
/** Keys of lists whose objects are columns (their `name`). */
const COLUMN_LIST_KEYS = new Set(['inputs', 'columns', 'features']);
/** Keys of objects keyed by column name. */
const KEYED_KEYS = new Set(['dateFormats', 'numberFormats']);

/**
 * A copy of a plain-JSON value with the column names in it shown as written: strings under NAME_KEYS, strings in
 * lists under LIST_KEYS, `name` of objects in lists under COLUMN_LIST_KEYS, keys of objects under KEYED_KEYS. Other
 * values (a cell value that happens to read 'price_1') are left as they are.
 */
function renameDeep(value: unknown, shown: Shown, key = '', inColumnList = false): unknown {
  if (Array.isArray(value))
    return value.map((v) =>
      typeof v === 'string' && LIST_KEYS.has(key) ? shown(v) : renameDeep(v, shown, '', COLUMN_LIST_KEYS.has(key)),
    );
  if (value === null || typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype) return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => {
      const name = KEYED_KEYS.has(key) ? shown(k) : k;
      if (typeof v === 'string' && (NAME_KEYS.has(k) || (k === 'name' && inColumnList))) return [name, shown(v)];
      return [name, renameDeep(v, shown, k)];
    }),
  );
}

function shownBy(names: Record<string, string> | undefined): Shown | null {
  if (!names || Object.keys(names).length === 0) return null;
  return (n) => names[n] ?? n;
}

/** The notebook's input with its columns named as written (NotebookInput.writtenNames); itself when none differs. */
export function notebookWithWrittenNames(input: NotebookInput): NotebookInput {
  const shown = shownBy(input.writtenNames);
  if (!shown) return input;
  const { extraCells, ...rest } = input;
  return { ...(renameDeep(rest, shown) as NotebookInput), ...(extraCells ? { extraCells } : {}) };
}

/**
 * The report's input with its columns named as written (ColumnProfile.written of the profile); itself when none
 * differs. Trusted markup (extraSections), the bundle's file list and model.json are kept as they are, and so are
 * the pipeline and the dataset: they describe model.onnx, whose inputs keep the app's names (the usage section
 * maps them to the file's columns).
 */
export function reportWithWrittenNames(input: ReportInput): ReportInput {
  const shown = shownBy(Object.fromEntries(writtenNames(input.profile.columns)));
  if (!shown) return input;
  const { extraSections, bundle, modelJson, createdAt, pipeline, dataset, ...rest } = input;
  return {
    ...(renameDeep(rest, shown) as ReportInput),
    createdAt,
    pipeline,
    dataset,
    ...(extraSections ? { extraSections } : {}),
    ...(bundle ? { bundle } : {}),
    ...(modelJson ? { modelJson } : {}),
  };
}
