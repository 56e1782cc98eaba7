import { COMMA_GROUP, COMMA_NUMBER_SQL } from '../../engine/ingest/infer-types';
import { MISSING_CELLS } from '../../engine/util/missing-cells';
import { UNESCAPE_CODE } from './csv-escape-code';
import { py } from './py-literal';

/** Python helper functions the generated notebook defines once, in its own cell. */

const READ_TABLE = `
# The cell texts the app reads as missing in every column. 'None' is missing only in number, date and
# true/false columns (converted below with errors='coerce'); in a text column it is a level, as in the app.
NULL_STRINGS = ${py([...MISSING_CELLS])}


def read_table(path, text_columns=()):
    """Reads the data file like the app: csv/tsv (label columns kept as written), parquet or json lines."""
    lower = str(path).lower()
    if lower.endswith('.parquet'):
        return pd.read_parquet(path)
    if lower.endswith('.jsonl') or lower.endswith('.ndjson'):
        return pd.read_json(path, lines=True)
    if lower.endswith('.json'):
        return pd.read_json(path)
    bundle_data = os.path.join(globals().get('BUNDLE_DIR', '.'), 'data.csv')
    from_bundle = globals().get('DATA_IN_BUNDLE', True) and os.path.abspath(path) == os.path.abspath(bundle_data)
    source = globals().get('SOURCE_FORMAT')
    if source and not from_bundle:
        return read_like_app(path, source, text_columns)
    sep = '\\t' if lower.endswith('.tsv') or lower.endswith('.tab') else ','
    frame = pd.read_csv(path, sep=sep, dtype={c: str for c in text_columns}, keep_default_na=False, na_values=NULL_STRINGS)
    # The bundle's data.csv was written by the app: undo its spreadsheet escape so values are as the app read them.
    return unescape_cells(frame) if from_bundle else frame


# A number written with a decimal comma ("1.234,56", "1 234,5", "7,5"), exactly the app's test; its grouping marks.
COMMA_NUMBER = re.compile(${py(COMMA_NUMBER_SQL)})
COMMA_GROUP = re.compile(${py(COMMA_GROUP)})
PYTHON_ENCODINGS = {'utf-8': 'utf-8', 'utf-8-bom': 'utf-8-sig', 'utf-16le': 'utf-16-le', 'utf-16be': 'utf-16-be',
                    'utf-32le': 'utf-32-le', 'utf-32be': 'utf-32-be', 'windows-1252': 'cp1252'}


def read_like_app(path, source, text_columns=()):
    """Reads the person's own CSV/TSV the way the app read it (SOURCE_FORMAT): its separator, quote, encoding and
    header, the app's column names, numbers written with a decimal comma ("1.234,56" is 1234.56), formatted numbers
    ("$220,000" is 220000, "(1,234)" is -1234, "22%" is 0.22) and dates in the format the app found."""
    columns = source['columns']
    as_written = (set(text_columns) | set(source['decimal_commas']) | set(source['date_formats'])
                  | set(source.get('number_formats', {}))) & set(columns)
    frame = pd.read_csv(path, sep=source['delimiter'], quotechar=source['quote'],
                        encoding=PYTHON_ENCODINGS[source['encoding']], encoding_errors='replace',
                        compression='gzip' if source['gzip'] else None,
                        skiprows=source['skip_lines'] + (1 if source['header'] else 0), header=None, names=columns,
                        index_col=False, dtype={c: str for c in as_written}, keep_default_na=False,
                        na_values=NULL_STRINGS)
    for column in source['decimal_commas']:
        text = frame[column].str.strip(' ')
        ok = text.str.fullmatch(COMMA_NUMBER).fillna(False).astype(bool)
        plain = text.where(ok).str.replace(COMMA_GROUP, '', regex=True).str.replace(',', '.', regex=False)
        frame[column] = pd.to_numeric(plain, errors='coerce')
    for column, fmt in source.get('number_formats', {}).items():
        text = frame[column].str.strip(' ')
        ok = text.str.fullmatch(fmt['pattern']).fillna(False).astype(bool)
        # The digits, sign and decimal mark only ("$-1,234.50" -> "-1234.50", the minus sign U+2212 as "-"); a percentage
        # is over 100 ("22%" -> 0.22).
        plain = text.where(ok).str.replace('\\u2212', '-', regex=False)
        plain = plain.str.replace('[^0-9,+-]' if fmt['decimal_comma'] else '[^0-9.+-]', '', regex=True)
        value = pd.to_numeric(plain.str.replace(',', '.', regex=False), errors='coerce')
        # A value in parentheses is negative, as accounting writes it ("(1,234)" -> -1234).
        value = value.mask(text.str.contains('(', regex=False).fillna(False).astype(bool), 0 - value)
        frame[column] = value / 100 if fmt['percent'] else value
    for column, fmt in source['date_formats'].items():
        frame[column] = pd.to_datetime(frame[column].str.strip(' '), format=fmt, errors='coerce')
    return frame


def as_text(series):
    """Labels as the app reads them (its text cast): true/false in lower case, numbers as written; missing stays missing."""
    def one(value):
        if isinstance(value, (bool, np.bool_)):
            return 'true' if value else 'false'
        return str(value)
    return series.map(one, na_action='ignore').astype(object)


TRUE_WORDS = {'true', 't', 'yes', 'y', '1', '1.0'}
FALSE_WORDS = {'false', 'f', 'no', 'n', '0', '0.0'}


def as_bool01(series):
    """true/yes/1 -> 1.0, false/no/0 -> 0.0, anything else -> missing."""
    if series.dtype == bool:
        return series.astype(float)
    words = series.astype(str).str.strip().str.lower()
    out = pd.Series(np.nan, index=series.index)
    out[words.isin(TRUE_WORDS)] = 1.0
    out[words.isin(FALSE_WORDS)] = 0.0
    return out.where(series.notna())


def app_tokens(text, tokens='unicode'):
    """The app's tokens of a cell. unicode: runs of letters, combining marks, digits and _ in any script, with only
    A-Z lower-cased. ascii (models saved before unicode tokens): lower-cased, then runs of [a-z0-9_]."""
    if tokens == 'ascii':
        return re.findall(r'[A-Za-z0-9_]+', str(text).lower())
    out, word = [], []
    for ch in re.sub(r'[A-Z]+', lambda m: m.group().lower(), str(text)):
        if ch == '_' or unicodedata.category(ch)[0] in 'LMN':
            word.append(ch)
        elif word:
            out.append(''.join(word))
            word = []
    if word:
        out.append(''.join(word))
    return out


def app_terms(text, lo, hi, analyzer='word', max_tokens=None, tokens='ascii'):
    """The app's TF-IDF terms: the cell's tokens (app_tokens), then word n-grams joined by a space, or char_wb
    n-grams of ' token ' (never across tokens); only the first max_tokens tokens count."""
    tokens = app_tokens(text, tokens)[:max_tokens]
    if analyzer == 'char_wb':
        padded = [f' {t} ' for t in tokens]
        return [w[i:i + n] for w in padded for n in range(lo, hi + 1) for i in range(len(w) - n + 1)]
    return [' '.join(tokens[i:i + n]) for n in range(lo, hi + 1) for i in range(len(tokens) - n + 1)]


def datetime_parts(frame, parts):
    """Calendar parts (UTC) of each date column; unparseable dates become missing."""
    out = {}
    for column in frame.columns:
        t = pd.to_datetime(frame[column], errors='coerce', utc=True)
        for part in parts:
            if part == 'epoch_days':
                out[f'{column}_{part}'] = (t - pd.Timestamp(0, tz='UTC')) / pd.Timedelta(days=1)
            else:
                out[f'{column}_{part}'] = getattr(t.dt, part)
    return pd.DataFrame(out, index=frame.index).astype(float)
`;

const TARGET_ENCODER = `

class MeanTargetEncoder(BaseEstimator, TransformerMixin):
    """Category -> smoothed mean of the target (one column per class for multiclass, p(positive) for binary).
    scikit-learn 1.2 has no TargetEncoder, so this is the plain, non-cross-fitted version the app uses."""

    def __init__(self, classes=None, smoothing=10.0):
        self.classes = classes
        self.smoothing = smoothing

    def _targets(self, y):
        y = pd.Series(np.asarray(y))
        if not self.classes:
            return pd.DataFrame({'y': pd.to_numeric(y, errors='coerce')})
        wanted = self.classes[1:] if len(self.classes) == 2 else self.classes
        return pd.DataFrame({c: (y == c).astype(float) for c in wanted})

    def fit(self, X, y):
        X = pd.DataFrame(X).reset_index(drop=True)
        targets = self._targets(y)
        self.prior_ = targets.mean()
        self.maps_ = []
        for column in X.columns:
            key = X[column].astype(object).where(X[column].notna(), '').astype(str).values
            grouped = targets.groupby(key)
            sums, counts = grouped.sum(), grouped.count()
            self.maps_.append((sums + self.smoothing * self.prior_) / (counts + self.smoothing))
        return self

    def transform(self, X):
        X = pd.DataFrame(X).reset_index(drop=True)
        parts = []
        for column, table in zip(X.columns, self.maps_):
            key = X[column].astype(object).where(X[column].notna(), '').astype(str).values
            parts.append(table.reindex(key).fillna(self.prior_).to_numpy(dtype=float))
        return np.hstack(parts)
`;

const LOG_TARGET = `

class LogTargetRegressor(BaseEstimator, RegressorMixin):
    """The app's log-scale regression: the regressor learns log(y + shift); a prediction is
    factor * exp(its output) - shift, with Duan's smearing factor (the mean of exp(residual) on the training rows,
    which turns the back-transformed median into a mean) and the output kept within the training rows' log range
    so an extrapolating model cannot blow up through exp."""

    def __init__(self, regressor, shift=0.0):
        self.regressor = regressor
        self.shift = shift

    def fit(self, X, y):
        z = np.log(np.asarray(y, dtype=float) + self.shift)
        self.regressor_ = clone(self.regressor).fit(X, z)
        self.factor_ = float(np.mean(np.exp(z - self.regressor_.predict(X))))
        self.low_, self.high_ = z.min(), z.max()
        return self

    def predict(self, X):
        raw = np.clip(self.regressor_.predict(X), self.low_, self.high_)
        return self.factor_ * np.exp(raw) - self.shift
`;

/** The helper cell's code: the target encoder and the log-target regressor only when the model uses them. */
export function helpersCode(withTargetEncoder: boolean, withLogTarget = false): string {
  return (
    UNESCAPE_CODE.trim() +
    '\n\n\n' +
    READ_TABLE.trim() +
    (withTargetEncoder ? TARGET_ENCODER.replace(/\s+$/, '') : '') +
    (withLogTarget ? LOG_TARGET.replace(/\s+$/, '') : '')
  );
}
