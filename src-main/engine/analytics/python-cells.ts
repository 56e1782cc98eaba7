import { BUNDLE_FILES } from '../artifacts/files';
import type { AnomalyDetails } from '../anomaly/run-anomaly';
import type { SegmentModelJson } from '../cluster/run-segmentation';
import type { ForecastModelJson } from '../forecast/model-json';
import { forecastCells, pandasRule } from '../forecast/notebook-cells';

/**
 * Notebook cells that reproduce an analytics task in Python (pandas, statsmodels, scikit-learn) and compare
 * with the app's own output files. Plain text cells: the export layer wraps them with codeCell/markdownCell
 * and appends them to its load-and-summarise notebook, which defines `df`, `DATA_PATH`, `BUNDLE_DIR`, `pd`, `np`.
 */
export type AnalyticsCell = { kind: 'markdown' | 'code'; text: string };

export type AnalyticsCellInput =
  | { task: 'forecast'; model: ForecastModelJson; horizon: number }
  | { task: 'segment'; model: SegmentModelJson }
  | { task: 'anomaly'; details: Pick<AnomalyDetails, 'columns' | 'numericColumns'> }
  | { task: 'correlation'; target: string }
  | { task: 'summary' }
  | { task: 'sentiment'; textColumn: string };

/** A Python string literal (JSON string syntax is valid Python). */
const s = (v: string): string => JSON.stringify(v);
const list = (v: string[]): string => `[${v.map(s).join(', ')}]`;

export { pandasRule };

const AS_NUMBER = `
BOOL_WORDS = {'true': 1.0, 'false': 0.0, 't': 1.0, 'f': 0.0, 'yes': 1.0, 'no': 0.0, 'y': 1.0, 'n': 0.0, '1': 1.0, '0': 0.0}
def as_number(col):
    """Numbers as the app read them: yes/no and true/false columns are 1/0."""
    if pd.api.types.is_numeric_dtype(col):
        return col.astype(float)
    mapped = col.astype('string').str.strip().str.lower().map(BOOL_WORDS)
    return mapped.astype(float) if mapped.notna().sum() >= col.notna().sum() else pd.to_numeric(col, errors='coerce')
`;

function segmentCells(model: SegmentModelJson): AnalyticsCell[] {
  const numeric = model.encoders.filter((e) => e.kind === 'numeric').map((e) => e.column);
  const cats = model.encoders.filter((e) => e.kind === 'onehot').map((e) => e.column);
  const logged = model.encoders.filter((e) => e.kind === 'numeric' && e.log).map((e) => e.column);
  const rfm = model.rfm;
  const prep = rfm
    ? `
# Transactions -> one row per customer: recency (days since last purchase), frequency, monetary.
c = ${s(rfm.columns.customer)}
tx = df.copy()
tx['_date'] = pd.to_datetime(tx[${s(rfm.columns.date)}])
tx['_money'] = ${rfm.columns.amount ? `tx[${s(rfm.columns.amount)}]` : `tx[${s(rfm.columns.quantity!)}] * tx[${s(rfm.columns.price!)}]`}
g = tx.dropna(subset=[c, '_date']).groupby(tx[c].astype(str))
X_raw = pd.DataFrame({
    'recency_days': (tx['_date'].max() - g['_date'].max()).dt.days,
    'frequency': ${rfm.columns.invoice ? `g[${s(rfm.columns.invoice)}].nunique()` : 'g.size()'},
    'monetary': g['_money'].sum(),
})
app = unescape_cells(pd.read_csv(os.path.join(BUNDLE_DIR, '${BUNDLE_FILES.segments}'), dtype={'customer': str})).set_index('customer').loc[X_raw.index]`
    : `
X_raw = df[${list([...numeric, ...cats])}].copy()
app = unescape_cells(pd.read_csv(os.path.join(BUNDLE_DIR, '${BUNDLE_FILES.segments}')))`;
  const encode = `${AS_NUMBER}
from sklearn.cluster import KMeans
from sklearn.metrics import adjusted_rand_score, silhouette_score
NUMERIC, CATEGORICAL, LOGGED, K = ${list(numeric)}, ${list(cats)}, ${list(logged)}, ${model.k}
parts = []
for col in NUMERIC:
    x = as_number(X_raw[col])
    if col in LOGGED:
        x = np.log1p(x.clip(lower=0))
    x = x.fillna(x.median())
    parts.append((x - x.mean()) / x.std(ddof=0))
for col in CATEGORICAL:
    parts.append(pd.get_dummies(X_raw[col].astype('string'), prefix=col, dtype=float))
X = pd.concat(parts, axis=1).to_numpy()
km = KMeans(n_clusters=K, n_init=10, random_state=0).fit(X)
print('silhouette (python):', silhouette_score(X, km.labels_, sample_size=min(2000, len(X)), random_state=0))
print('agreement with the app (adjusted Rand index, 1 = same grouping):', adjusted_rand_score(app['segment'], km.labels_))
pd.crosstab(app['segment'], km.labels_, rownames=['app'], colnames=['python'])`;
  const profiles = `
# The app's segments in words, and their mean values.
descriptions = ${JSON.stringify(Object.fromEntries(model.profiles.map((p) => [p.segment, p.description])))}
prof = X_raw.assign(segment=app['segment'].to_numpy()).groupby('segment')[NUMERIC].mean()
prof['size'] = app['segment'].value_counts().sort_index()
prof['description'] = [descriptions.get(str(k), '') for k in prof.index]
prof`;
  const onnxCheck = `
# model.onnx assigns new rows to the app's segments: one input per raw column ([N,1] double or string).
try:
    import onnxruntime as ort
    sess = ort.InferenceSession(os.path.join(BUNDLE_DIR, '${BUNDLE_FILES.onnx}'))
    feeds = {}
    for col in NUMERIC:
        feeds[col] = as_number(X_raw[col]).to_numpy(dtype=np.float64).reshape(-1, 1)
    for col in CATEGORICAL:
        feeds[col] = X_raw[col].fillna('').astype(str).to_numpy(dtype=object).reshape(-1, 1)
    seg = sess.run(['segment'], feeds)[0]
    print('rows where model.onnx agrees with segments.csv:', float(np.mean(seg == app['segment'].to_numpy())))
except ImportError:
    print('onnxruntime is not installed: pip install onnxruntime to score model.onnx')`;
  return [
    {
      kind: 'markdown',
      text: `## Segmentation\n\n${rfm ? 'RFM (recency, frequency, monetary) per customer, ' : ''}standardised features, k-means with k = ${model.k}; compared with the app's \`segments.csv\` and scored with \`model.onnx\`.`,
    },
    { kind: 'code', text: prep },
    { kind: 'code', text: encode },
    { kind: 'code', text: profiles },
    { kind: 'code', text: onnxCheck },
  ];
}

function anomalyCells(columns: string[], numericColumns: string[]): AnalyticsCell[] {
  return [
    {
      kind: 'markdown',
      text: `## Anomalies\n\nscikit-learn's isolation forest on the same columns, compared with the app's \`${BUNDLE_FILES.anomalyScores}\`.`,
    },
    {
      kind: 'code',
      text: `${AS_NUMBER}
from sklearn.ensemble import IsolationForest
COLUMNS, NUMERIC = ${list(columns)}, ${list(numericColumns)}
X = df[COLUMNS].copy()
for col in COLUMNS:
    if col in NUMERIC:
        X[col] = as_number(X[col])
        X[col] = (X[col] - X[col].mean()) / (X[col].std(ddof=0) or 1)
        X[col] = X[col].fillna(0)
    else:
        # Share of rows with the same value: rare categories isolate quickly (as in the app).
        X[col] = X[col].map(X[col].value_counts(normalize=True)).fillna(0)
forest = IsolationForest(n_estimators=100, max_samples=min(256, len(X)), random_state=0).fit(X)
py_score = -forest.score_samples(X)  # same scale as the app's score: 2^(-E[h]/c(psi))
app = unescape_cells(pd.read_csv(os.path.join(BUNDLE_DIR, '${BUNDLE_FILES.anomalyScores}')))
print('rank correlation of app and python scores:', app['score'].corr(pd.Series(py_score), method='spearman'))
top = app.sort_values('score', ascending=False).head(int(max(1, app['is_anomaly'].sum())))
print('of the app\\'s flagged rows, also in python\\'s top list:', len(set(top['row']) & set(np.argsort(-py_score)[:len(top)])), 'of', len(top))
app[app['is_anomaly'] == 1].sort_values('score', ascending=False).head(20)`,
    },
  ];
}

function correlationCells(target: string): AnalyticsCell[] {
  return [
    {
      kind: 'markdown',
      text: `## What goes with ${target}\n\nPearson and Spearman correlations and mutual information, next to the app's \`factors.csv\`.`,
    },
    {
      kind: 'code',
      text: `
from sklearn.feature_selection import mutual_info_classif, mutual_info_regression
TARGET = ${s(target)}
num = df.select_dtypes('number')
rows = []
for col in df.columns:
    if col == TARGET:
        continue
    r = {'column': col}
    if col in num and TARGET in num:
        r['pearson'] = df[col].corr(df[TARGET])
        r['spearman'] = df[col].corr(df[TARGET], method='spearman')
    rows.append(r)
py = pd.DataFrame(rows).set_index('column')
if TARGET in num:
    ok = num.drop(columns=[TARGET]).dropna()
    mi = mutual_info_regression(ok, df.loc[ok.index, TARGET].fillna(df[TARGET].median()), random_state=0)
    py.loc[ok.columns, 'mutual_info_sklearn'] = mi
app = unescape_cells(pd.read_csv(os.path.join(BUNDLE_DIR, '${BUNDLE_FILES.factors}'))).set_index('column')
app.join(py, rsuffix='_python')`,
    },
  ];
}

function sentimentCells(textColumn: string): AnalyticsCell[] {
  return [
    {
      kind: 'markdown',
      text: '## Sentiment\n\nThe app scored each text with the VADER lexicon. The Python original (`pip install vaderSentiment`) gives the same compound scores up to the sentence splitting.',
    },
    {
      kind: 'code',
      text: `
app = unescape_cells(pd.read_csv(os.path.join(BUNDLE_DIR, '${BUNDLE_FILES.sentiment}')))
print(app['label'].value_counts())
try:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer
    import re
    sia = SentimentIntensityAnalyzer()
    def compound(text):
        if not isinstance(text, str) or not text.strip():
            return np.nan
        parts = [p for p in re.split(r'(?<=[.!?])\\s+', text[:5000]) if re.search(r'\\w', p)]
        return float(np.mean([sia.polarity_scores(p)['compound'] for p in parts])) if parts else 0.0
    app['python'] = df[${s(textColumn)}].map(compound)
    print('mean |app - python|:', float((app['compound'] - app['python']).abs().mean()))
except ImportError:
    print('vaderSentiment is not installed: pip install vaderSentiment to recompute the scores')
try:
    import matplotlib  # noqa: F401  (pandas draws with it)
    app['compound'].plot.hist(bins=20, range=(-1, 1), title='Compound score')
except ImportError:
    print('matplotlib is not installed: no chart')`,
    },
  ];
}

function summaryCells(): AnalyticsCell[] {
  return [
    {
      kind: 'markdown',
      text: `## Summary\n\nDescriptive statistics, missing values and outliers (1.5 IQR), next to the app's \`${BUNDLE_FILES.summary}\`.`,
    },
    {
      kind: 'code',
      text: `
num = df.select_dtypes('number')
q1, q3 = num.quantile(0.25), num.quantile(0.75)
outliers = ((num < q1 - 1.5 * (q3 - q1)) | (num > q3 + 1.5 * (q3 - q1))).sum()
py = pd.DataFrame({'missing': df.isna().sum(), 'distinct': df.nunique()}).join(num.describe().T).join(outliers.rename('outliers'))
print('duplicate rows:', int(df.duplicated().sum()))
app = unescape_cells(pd.read_csv(os.path.join(BUNDLE_DIR, '${BUNDLE_FILES.summary}'))).set_index('column')
app.join(py, rsuffix='_python')`,
    },
  ];
}

/** The cells for one task (empty for tasks this module does not cover). */
export function analyticsNotebookCells(input: AnalyticsCellInput): AnalyticsCell[] {
  switch (input.task) {
    case 'forecast':
      return forecastCells(input.model, input.horizon);
    case 'segment':
      return segmentCells(input.model);
    case 'anomaly':
      return anomalyCells(input.details.columns, input.details.numericColumns);
    case 'correlation':
      return correlationCells(input.target);
    case 'summary':
      return summaryCells();
    case 'sentiment':
      return sentimentCells(input.textColumn);
  }
}
