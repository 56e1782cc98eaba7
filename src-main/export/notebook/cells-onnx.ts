import { BUNDLE_FILES } from '../../engine/artifacts/files';
import type { InputSpec } from '../../engine/pipeline/types';
import { codeCell, markdownCell, type NotebookCell } from './nbformat';
import { py } from './py-literal';

const COMPARE_REGRESSION = `    onnx_pred = onnx_pred.astype(float)
    print(f'ONNX test R2 {r2_score(y_test, onnx_pred):.4f}, RMSE {np.sqrt(mean_squared_error(y_test, onnx_pred)):.4f}')
    if app is not None:
        print(f"max |ONNX - app prediction| = {np.nanmax(np.abs(onnx_pred - app['prediction'].to_numpy(dtype=float))):.3g}")`;

const COMPARE_CLASSIFICATION = `    if np.issubdtype(onnx_pred.dtype, np.integer):
        onnx_pred = np.asarray(CLASSES, dtype=object)[onnx_pred]
    onnx_pred = np.array([v.decode() if isinstance(v, bytes) else str(v) for v in onnx_pred], dtype=object)
    print(f'ONNX test accuracy {accuracy_score(y_test.to_numpy(dtype=object), onnx_pred):.4f}')
    if app is not None:
        print(f"ONNX and app agree on {np.mean(onnx_pred == as_text(app['prediction']).to_numpy(dtype=object)):.2%} of test rows")
        columns = [f'proba_{c}' for c in CLASSES]
        if onnx_proba is not None and all(c in app.columns for c in columns):
            diff = np.nanmax(np.abs(np.asarray(onnx_proba, dtype=float) - app[columns].to_numpy(dtype=float)))
            print(f'max |ONNX - app probability| = {diff:.3g}')`;

const SCORE_ONNX = (COMPARE: string): string => `
def onnx_feed(session, frame):
    """One input per raw column, named as the column: numbers (dates as epoch milliseconds) or strings."""
    feed = {}
    for spec in session.get_inputs():
        name = INPUT_COLUMNS.get(spec.name, spec.name)
        column = frame[name]
        kind = INPUT_KINDS.get(name, 'numeric')
        if spec.type == 'tensor(string)':
            values = column.astype(object).where(column.notna(), '').astype(str).to_numpy(dtype=object)
        else:
            if kind == 'datetime':
                stamps = pd.to_datetime(column, errors='coerce', utc=True)
                numbers = (stamps - pd.Timestamp(0, tz='UTC')) / pd.Timedelta(milliseconds=1)
            elif kind == 'boolean':
                numbers = as_bool01(column)
            else:
                numbers = pd.to_numeric(column, errors='coerce')
            dtype = {'tensor(double)': np.float64, 'tensor(int64)': np.int64}.get(spec.type, np.float32)
            values = numbers.to_numpy(dtype=np.float64).astype(dtype)
        feed[spec.name] = values.reshape(-1, 1) if len(spec.shape) == 2 else values
    return feed


onnx_path = os.path.join(BUNDLE_DIR, '${BUNDLE_FILES.onnx}')
holdout_path = next((p for p in (os.path.join(BUNDLE_DIR, n) for n in HOLDOUT_FILES) if os.path.exists(p)), None)
try:
    import onnxruntime as ort
except ImportError:
    ort = None

if ort is None:
    print('onnxruntime is not installed, so model.onnx was not scored. Install it (pip install onnxruntime) and run this cell again.')
elif not os.path.exists(onnx_path):
    print(f'No model.onnx in {os.path.abspath(BUNDLE_DIR)}. Set BUNDLE_DIR in the first cell to the unzipped bundle folder.')
else:
    session = ort.InferenceSession(onnx_path, providers=['CPUExecutionProvider'])
    names = [o.name for o in session.get_outputs()]
    outputs = dict(zip(names, session.run(None, onnx_feed(session, test))))
    onnx_pred = np.asarray(outputs.get('prediction', outputs[names[0]])).reshape(len(test), -1)[:, 0]
    onnx_proba = outputs.get('probabilities')
    app = unescape_cells(pd.read_csv(holdout_path)).set_index('row').reindex(test.index) if holdout_path else None
${COMPARE}
    if app is None:
        print(f'No holdout predictions ({" or ".join(HOLDOUT_FILES)}) in {os.path.abspath(BUNDLE_DIR)} to compare with.')
`;

/** Scores model.onnx on the test rows and compares with the app's own holdout predictions; skips cleanly without onnxruntime. */
/** `inputColumns`: ONNX input name -> the data's column, where they differ (the app's 'price_1' is 'price'). */
export function onnxCells(
  inputs: InputSpec[],
  holdoutFiles: string[],
  classification: boolean,
  inputColumns: Record<string, string>,
): NotebookCell[] {
  const kinds = Object.fromEntries(inputs.map((i) => [i.name, i.kind]));
  return [
    markdownCell(`
## Score the exported model.onnx

\`model.onnx\` is the app's exact pipeline: raw columns in (one input per column, named as the column),
preprocessing and model inside, \`prediction\`${inputs.length ? '' : ''} (and \`probabilities\` for classifiers) out.
This cell runs it with [onnxruntime](https://onnxruntime.ai) on the test rows and compares the result with
the app's own holdout predictions from the bundle. The two should agree to float precision.

If onnxruntime is not installed (\`pip install onnxruntime\`), or \`model.onnx\` is not in \`BUNDLE_DIR\`,
the cell prints a note and does nothing else.
`),
    codeCell(
      `INPUT_KINDS = ${py(kinds)}\n# model.onnx input -> data column, where the app's name differs from the file's\nINPUT_COLUMNS = ${py(inputColumns)}\nHOLDOUT_FILES = ${py(holdoutFiles)}\n${SCORE_ONNX(classification ? COMPARE_CLASSIFICATION : COMPARE_REGRESSION)}`,
    ),
  ];
}
