import type { NotebookInput } from './build-notebook';
import type { ColumnSpec } from './column-specs';
import { codeCell, markdownCell, type NotebookCell } from './nbformat';
import { py, pyIntList } from './py-literal';

function namesOf(specs: ColumnSpec[], input: ColumnSpec['input']): string[] {
  return specs.filter((s) => s.input === input).map((s) => s.name);
}

/** Loads the file and gives every used column the type the app read it as. */
export function loadCells(input: NotebookInput, specs: ColumnSpec[], classification: boolean): NotebookCell[] {
  const target =
    input.target === null
      ? ''
      : classification
        ? [
            'df[TARGET] = as_text(df[TARGET])',
            'if CLASSES is None:  # the app sorts labels, numbers by value',
            "    CLASSES = sorted(df[TARGET].dropna().unique(), key=lambda v: (0, float(v), v) if v.replace('.', '', 1).lstrip('-').isdigit() else (1, 0, v))",
          ].join('\n')
        : `df[TARGET] = pd.to_numeric(df[TARGET], errors='coerce')`;
  return [
    markdownCell(`
## Load the data

Numeric, true/false and date columns become numbers or dates; categories and text stay strings.
Missing cells stay missing: the preprocessing below fills them the way the app did.
`),
    codeCell(`
FEATURES = ${py(specs.map((s) => s.name))}
NUMERIC_COLUMNS = ${py(namesOf(specs, 'numeric'))}
BOOLEAN_COLUMNS = ${py(namesOf(specs, 'boolean'))}
CATEGORICAL_COLUMNS = ${py(namesOf(specs, 'categorical'))}
TEXT_COLUMNS = ${py(namesOf(specs, 'text'))}
DATETIME_COLUMNS = ${py(namesOf(specs, 'datetime'))}

LABEL_COLUMNS = CATEGORICAL_COLUMNS + TEXT_COLUMNS + ([TARGET] if TASK == 'classification' else [])

df = read_table(DATA_PATH, text_columns=LABEL_COLUMNS).reset_index(drop=True)
missing = [c for c in FEATURES + ([TARGET] if TARGET else []) if c not in df.columns]
if missing:
    raise KeyError(f'{DATA_PATH} has no column(s) {missing}. Point DATA_PATH at the file the model was trained on.')
for column in NUMERIC_COLUMNS:
    df[column] = pd.to_numeric(df[column], errors='coerce')
for column in BOOLEAN_COLUMNS:
    df[column] = as_bool01(df[column])
for column in CATEGORICAL_COLUMNS:
    df[column] = as_text(df[column])
for column in TEXT_COLUMNS:
    df[column] = df[column].fillna('').astype(str)
${target}
print(f'{len(df)} rows, {len(df.columns)} columns')
df.head()
`),
  ];
}

/** Splits on the app's own test rows (positions in the file, 0-based), so the metrics are comparable. */
export function splitCells(input: NotebookInput): NotebookCell[] {
  const { testIndices, testFraction, seed } = input.split;
  return [
    markdownCell(`
## The app's train/test split

The app held out ${testIndices.length} rows (${(testFraction * 100).toFixed(0)}% of the data, seed ${Math.trunc(seed)}) to test its models.
\`TEST_INDICES\` lists them as 0-based row positions in the data file; every other row is for training.
Rows without a target value are left out of both, as in the app.
`),
    codeCell(`
TEST_INDICES = ${pyIntList(testIndices)}

is_test = np.zeros(len(df), dtype=bool)
in_range = [i for i in TEST_INDICES if 0 <= i < len(df)]
if len(in_range) < len(TEST_INDICES):
    print(f'Warning: {len(TEST_INDICES) - len(in_range)} test rows are past the end of this file; is it the same file the app used?')
is_test[in_range] = True
has_target = df[TARGET].notna().to_numpy()

train = df[~is_test & has_target]
test = df[is_test & has_target]
X_train, y_train = train[FEATURES], train[TARGET]
X_test, y_test = test[FEATURES], test[TARGET]
print(f'{len(train)} training rows, {len(test)} test rows')
`),
  ];
}
