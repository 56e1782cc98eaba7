import { BUNDLE_FILES } from '../artifacts/files';
import type { AnalyticsCell } from '../analytics/python-cells';
import { arimaName, type ArimaParams } from './arima';
import type { Frequency } from './frequency';
import { isMean } from './methods';
import type { FittedForecaster, ForecastModelJson, SingleForecaster } from './model-json';
import type { SeasonProfile } from './deseason';
import type { StlfParams } from './stlf';

/** A Python string literal (JSON string syntax is valid Python). */
const s = (v: string): string => JSON.stringify(v);
const py = (v: unknown): string =>
  JSON.stringify(v).replace(/null/g, 'None').replace(/true/g, 'True').replace(/false/g, 'False');

/** pandas resample rule for a frequency. */
export function pandasRule(f: Frequency): string {
  const alias: Record<Frequency['unit'], string> = {
    minute: 'min',
    hour: 'H',
    day: 'D',
    week: 'W',
    month: 'MS',
    quarter: 'QS',
    year: 'AS',
    ms: 'L',
  };
  if (f.unit === 'week') return `${7 * f.step}D`;
  return `${f.step === 1 ? '' : f.step}${alias[f.unit]}`;
}

const WEEKMASK = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/**
 * The frequency as a Python expression for `resample` and `date_range`: the pandas rule, or for a calendar
 * of some days of the week (trading days) a CustomBusinessDay with those days, so weekends are skipped as
 * the app skips them.
 */
export function pandasFreq(f: Frequency): string {
  if (!f.weekdays) return s(pandasRule(f));
  return `pd.offsets.CustomBusinessDay(weekmask=${s(f.weekdays.map((d) => WEEKMASK[d]).join(' '))})`;
}

/** Helpers every forecast notebook uses: Box-Cox, Fourier terms with the app's column order. */
const HELPERS = `
from scipy.special import inv_boxcox
def boxcox(x, lam):
    return np.log(x) if lam == 0 else (np.sign(x) * np.abs(x) ** lam - 1) / lam
def inv_boxcox_mean(z, var, lam):
    """Mean on the original scale of N(z, var) on the Box-Cox scale (bias-adjusted, as the app)."""
    x = inv_boxcox(z, lam)
    return x * (1 + var / 2) if lam == 0 else x * (1 + var * (1 - lam) / (2 * (lam * z + 1) ** 2))
def fourier(t, periods, K):
    """sin/cos pairs per period and harmonic (the sine left out where it vanishes), as the app orders them."""
    cols = []
    for p, k_max in zip(periods, K):
        for k in range(1, k_max + 1):
            if 2 * k != p:
                cols.append(np.sin(2 * np.pi * k * t / p))
            cols.append(np.cos(2 * np.pi * k * t / p))
    return np.column_stack(cols) if cols else np.empty((len(t), 0))
`;

function arimaCode(p: ArimaParams): string {
  const o = p.order;
  const f = p.reg.fourier;
  const exog: string[] = [];
  if (p.reg.constant === 'intercept') exog.push('np.ones(len(t))');
  if (p.reg.constant === 'drift') exog.push('t.astype(float)');
  if (f) exog.push(`fourier(t, ${py(f.periods)}, ${py(f.K)})`);
  const params = [...p.coef.beta, ...p.coef.ar, ...p.coef.ma, ...p.coef.sar, ...p.coef.sma, p.coef.sigma2];
  const lam = p.lambda;
  return `
from statsmodels.tsa.statespace.sarimax import SARIMAX
# The app's model: ${arimaName(p)}${lam !== null ? `, Box-Cox lambda ${lam}` : ''}, fitted by exact maximum likelihood
# (Kalman filter). statsmodels' SARIMAX with the same regressors, orders and the app's coefficients
# (regression, AR, MA, seasonal AR, seasonal MA, sigma2) applied with smooth(): no refit.
LAM = ${py(lam)}
z = y.to_numpy(dtype=float) if LAM is None else boxcox(y.to_numpy(dtype=float), LAM)
z = np.where(gaps, np.nan, z)
def exog_at(t):
    parts = [${exog.map((e) => `np.column_stack([${e}])`).join(', ')}]
    return np.column_stack(parts) if parts else None
t = np.arange(len(z))
model = SARIMAX(z, exog=exog_at(t), order=(${o.p}, ${o.d}, ${o.q}), seasonal_order=(${o.P}, ${o.D}, ${o.Q}, ${o.m > 1 ? o.m : 0}), trend='n')
res = model.smooth(np.array(${py(params)}))
t = np.arange(len(z), len(z) + H)
fc = res.get_forecast(H, exog=exog_at(t))
zf, var = fc.predicted_mean, fc.var_pred_mean
ours = zf if LAM is None else inv_boxcox_mean(zf, var, LAM)`;
}

/**
 * forecast::stlf as the app made it: statsmodels' STL with R's settings (seasonal degree 0, jumps of a tenth of
 * each span, R's iteration counts), each season in turn as forecast::mstl, then the inner model on the adjusted
 * series and each season's last cycle added back.
 */
function stlfCode(p: StlfParams, rule: string): string {
  const periods = p.periods.map((v) => Math.trunc(v));
  const lam = p.lambda ?? null;
  return `
from statsmodels.tsa.seasonal import STL
# The app's model: STL of the seasons ${p.periods.join(', ')}${p.robust ? ' (robust)' : ''}${lam !== null ? ` on the Box-Cox scale (lambda ${lam})` : ''}, then a non-seasonal model of the adjusted series.
PERIODS, WINDOWS, ROBUST, LAM_STL = ${py(periods)}, ${py(p.sWindows)}, ${p.robust ? 'True' : 'False'}, ${py(lam)}
def nextodd(x):
    x = int(round(x))
    return x + 1 if x % 2 == 0 else x
y_orig = y
adj = y.to_numpy(dtype=float).copy() if LAM_STL is None else boxcox(y.to_numpy(dtype=float), LAM_STL)
seasons = [np.zeros(len(adj)) for _ in PERIODS]
for _ in range(2 if len(PERIODS) > 1 else 1):
    for i, (per, w) in enumerate(zip(PERIODS, WINDOWS)):
        adj = adj + seasons[i]
        tw = nextodd(np.ceil(1.5 * per / (1 - 1.5 / w)))
        # R's low-pass span; statsmodels wants it above the period, so an odd period (a week of days) gets 2 more
        # and its seasons differ slightly from the app's.
        lw = nextodd(per) if nextodd(per) > per else nextodd(per) + 2
        stl = STL(adj, period=per, seasonal=w, trend=tw, low_pass=lw, seasonal_deg=0, trend_deg=1, low_pass_deg=1,
                  seasonal_jump=int(np.ceil(w / 10)), trend_jump=int(np.ceil(tw / 10)), low_pass_jump=int(np.ceil(lw / 10)),
                  robust=ROBUST)
        seasons[i] = np.asarray(stl.fit(inner_iter=1 if ROBUST else 2, outer_iter=15 if ROBUST else 0).seasonal)
        adj = adj - seasons[i]
last = sum(np.array([s[len(s) - per + (j % per)] for j in range(H)]) for s, per in zip(seasons, PERIODS))
y = pd.Series(adj, index=y_orig.index)
${fitCode(p.inner, rule)}
ours = np.asarray(ours) + last
${
  lam === null
    ? ''
    : p.inner.family === 'ets'
      ? '# Back from the Box-Cox scale (the median; the app adds the bias adjustment of the model variance).\nours = inv_boxcox(ours, LAM_STL)\n'
      : '# Back from the Box-Cox scale as a mean (bias-adjusted with the forecast variance, as the app).\nours = inv_boxcox_mean(ours, var, LAM_STL)\n'
}y = y_orig`;
}

/**
 * Python around a method's code for the seasons the app removed before fitting it and added back to its forecast
 * (ETS and Theta carry one season of at most 24 steps; a week of hours or a year of days is profiled first, see
 * deseason.ts): the app's own profiles, by the same phases (steps from the first period, rounded half up).
 */
function adjustCode(prof: SeasonProfile | null, body: string): string {
  if (!prof) return body;
  return `
# The app removed the seasons ${prof.periods.join(', ')} (steps) first, as a profile per phase (the mean of the detrended
# series), fitted the method below on what was left and added the profiles back to its forecast: the same here.
ADJ_PERIODS, ADJ_VALUES = ${py(prof.periods)}, ${py(prof.values)}
def adj_season(steps):
    return np.array([sum(v[int(np.floor(i - per * np.floor(i / per) + 0.5)) % len(v)] for per, v in zip(ADJ_PERIODS, ADJ_VALUES))
                     for i in steps])
y_full = y
y = y - adj_season(range(len(y)))
${body}
ours = np.asarray(ours) + adj_season(range(len(y_full), len(y_full) + H))
y = y_full`;
}

/** Python that fits or applies one method as the app did and leaves its H-step forecast in `ours`. */
function fitCode(p: SingleForecaster, rule: string): string {
  switch (p.family) {
    case 'ets': {
      const trend = p.trend === 'N' ? 'None' : "'add'";
      const seasonal = p.season === 'N' ? 'None' : p.season === 'A' ? "'add'" : "'mul'";
      return adjustCode(
        p.adjust,
        `
from statsmodels.tsa.exponential_smoothing.ets import ETSModel
# The app's model: ETS(${p.error},${p.trend},${p.season}) (alpha ${p.alpha.toFixed(4)}${p.trend !== 'N' ? `, beta ${p.beta.toFixed(4)}` : ''}${p.season !== 'N' ? `, gamma ${p.gamma.toFixed(4)}` : ''}${p.trend === 'Ad' ? `, phi ${p.phi.toFixed(4)}` : ''}).
# statsmodels' ETSModel of the same type, estimated by its own maximum likelihood${p.fixedPhi !== undefined ? ` (phi set to ${p.fixedPhi}, as the app set it)` : ''}.
ets = ETSModel(y.to_numpy(dtype=float), error=${p.error === 'A' ? "'add'" : "'mul'"}, trend=${trend}, damped_trend=${p.trend === 'Ad' ? 'True' : 'False'},
               seasonal=${seasonal}, seasonal_periods=${p.season === 'N' ? 'None' : p.m})
${
  p.fixedPhi !== undefined
    ? `with ets.fix_params({'damping_trend': ${p.fixedPhi}}):
    fit = ets.fit(disp=False)`
    : 'fit = ets.fit(disp=False)'
}
ours = fit.forecast(H)`,
      );
    }
    case 'arima':
    case 'dhr':
      return arimaCode(p);
    case 'theta':
      return adjustCode(
        p.adjust,
        `
from statsmodels.tsa.forecasting.theta import ThetaModel
# The app's Theta method (forecast::thetaf: SES plus half the trend slope${p.season ? `, on the series seasonally adjusted with period ${p.m}` : ''});
# statsmodels' ThetaModel is the same method (Hyndman & Billah 2003), estimated on its own.
th = ThetaModel(y.to_numpy(dtype=float), period=${p.m > 1 ? p.m : 'None'}, deseasonalize=${p.season ? 'True' : 'False'}${p.season ? ", method='multiplicative'" : ''})
ours = np.asarray(th.fit().forecast(H))`,
      );
    case 'seasonal_naive':
      return `
# Seasonal naive: repeat the last season (${p.m} steps).
last = y.to_numpy()[-${p.m}:]
ours = np.array([last[j % len(last)] for j in range(H)])`;
    case 'stlf':
      return stlfCode(p, rule);
    case 'gbm_lags':
      return `
from sklearn.ensemble import HistGradientBoostingRegressor
# The app used boosted trees on lags ${p.lags.join(', ')} relative to the mean of the last ${Math.max(p.m, 4)} values,
# calendar parts (${p.calendar.join(', ') || 'none'})${p.fourier ? ' and Fourier terms of the seasons' : ''}; here the same features with scikit-learn's boosted trees.
LAGS, W = ${py(p.lags)}, ${Math.max(p.m, 4)}
PERIODS, KS = ${py(p.fourier?.periods ?? [])}, ${py(p.fourier?.K ?? [])}
v = list(y.to_numpy(dtype=float))
n0 = len(v)
four = fourier(np.arange(n0 + H), PERIODS, KS)
def features(v, t, date):
    level = np.mean(v[t - W:t])
    cal = [date.month - 1, date.dayofweek, date.hour, date.dayofyear - 1, (date.month - 1) // 3]
    return [v[t - l] - level for l in LAGS] + cal + list(four[t]), level
start = max(max(LAGS), W)
X, target = [], []
for t in range(start, len(v)):
    f, level = features(v, t, y.index[t])
    X.append(f)
    target.append(v[t] - level)
gbm = HistGradientBoostingRegressor(max_depth=4, learning_rate=0.08, max_iter=150, random_state=0).fit(X, target)
future = pd.date_range(y.index[-1], periods=H + 1, freq=${rule})[1:]
ours = []
for j in range(H):
    f, level = features(v, len(v), future[j])
    v.append(level + gbm.predict([f])[0])
    ours.append(v[-1])
ours = np.array(ours)`;
  }
}

function fittedName(p: FittedForecaster): string {
  return isMean(p) ? p.members.map((m) => m.family).join(' + ') : p.family;
}

/** Notebook cells that rebuild the series as the app did, redo the chosen forecast in Python and compare. */
/**
 * A backtest score as written in model.json: NaN is stored as null (JSON), e.g. when every fold fell in a long run of
 * missing values (spacetime's PM10 station DENW081, 175 days without a reading): shown as '–', never a crash.
 */
const fixed = (x: number | null | undefined, digits: number) =>
  typeof x === 'number' && Number.isFinite(x) ? x.toFixed(digits) : '–';
const pct = (x: number | null | undefined) =>
  typeof x === 'number' && Number.isFinite(x) ? `${(100 * x).toFixed(0)}%` : '–';

/**
 * The rows the app forecast from a table holding several series side by side: one series' rows, or one row per date
 * with every series added up or averaged (engine/series/series-table.ts does the same in SQL).
 */
function seriesCode(series: ForecastModelJson['series']): string {
  if (!series) return '\nts = df[[DATE, TARGET]].copy()';
  if (series.value !== null)
    return `\n# The table holds ${series.of} series side by side by ${s(series.column)}: the app forecast this one.\nts = df.loc[df[${s(series.column)}].astype(str) == ${s(series.value)}, [DATE, TARGET]].copy()`;
  const how = series.combine === 'sum' ? 'added up' : 'averaged';
  return `\n# The table holds ${series.of} series side by side by ${s(series.column)}: the app forecast them ${how} per date.\nts = df.loc[df[${s(series.column)}].notna(), [DATE, TARGET]].copy()\nts[TARGET] = pd.to_numeric(ts[TARGET], errors='coerce')\nts = ts.dropna(subset=[DATE]).groupby(DATE, as_index=False)[TARGET].${series.combine === 'sum' ? 'sum(min_count=1)' : 'mean()'}`;
}

export function forecastCells(model: ForecastModelJson, horizon: number): AnalyticsCell[] {
  const p = model.fitted;
  const rule = pandasFreq(model.frequency);
  // Weekly observations: bins centred on the app's week dates (half a bin either side).
  const half = model.frequency.nearest ? 84 * model.frequency.step : 0;
  const prep = `
# The series as the app built it: ${model.frequency.label} periods, rows in a period ${model.aggregation === 'sum' ? 'summed' : 'averaged'}, empty periods ${model.fill === 'zero' ? 'set to 0' : 'interpolated'}.
# Seasons the app found: ${model.seasonPeriods.length > 0 ? model.seasonPeriods.join(', ') : 'none'} (steps).
DATE, TARGET, H, M = ${s(model.dateColumn)}, ${s(model.target)}, ${horizon}, ${model.seasonPeriod}${seriesCode(model.series)}
ts[DATE] = pd.to_datetime(ts[DATE])
ts[TARGET] = pd.to_numeric(ts[TARGET], errors='coerce')
y = ts.dropna().set_index(DATE)[TARGET].resample(${rule}, origin='start'${half ? `, offset='-${half}h'` : ''}).${model.aggregation}(${model.aggregation === 'sum' ? 'min_count=1' : ''})${half ? `\n# Each week's row goes to the nearest week, as the app does (a week dated a day early stays in its own week).\ny.index = y.index + pd.Timedelta(hours=${half})` : ''}
# Periods without a value (the app's ARIMA filter skips them, as SARIMAX skips missing values).
gaps = ${model.fill === 'zero' ? 'np.zeros(len(y), dtype=bool)' : 'y.isna().to_numpy()'}
y = ${model.fill === 'zero' ? 'y.fillna(0)' : "y.interpolate('linear')"}
print(f'{len(y)} periods from {y.index[0]:%Y-%m-%d} to {y.index[-1]:%Y-%m-%d}')
app = unescape_cells(pd.read_csv(os.path.join(BUNDLE_DIR, '${BUNDLE_FILES.forecast}')))
app.head()`;
  const fit = isMean(p)
    ? `members_out = []\n${p.members.map((m) => `${fitCode(m, rule)}\nmembers_out.append(np.asarray(ours))`).join('\n')}\n# The app took the ${p.combine ?? 'mean'} of ${fittedName(p)}.\nours = np.${p.combine ?? 'mean'}(members_out, axis=0)`
    : fitCode(p, rule);
  const compare = `
app['python'] = np.asarray(ours)[:len(app)]
print('mean |app - python|:', float(np.mean(np.abs(app['prediction'] - app['python']))))
try:
    import matplotlib.pyplot as plt
except ImportError:
    plt = None
    print('matplotlib is not installed: no chart')
if plt is not None:
    ax = y.iloc[-4 * max(M, H):].plot(label='history', figsize=(10, 4))
    idx = pd.to_datetime(app['date'])
    ax.plot(idx, app['prediction'], label='app forecast')
    ax.fill_between(idx, app['lower'], app['upper'], alpha=0.15, label='app 95% interval')
    if 'lower_80' in app:
        ax.fill_between(idx, app['lower_80'], app['upper_80'], alpha=0.25, label='app 80% interval')
    ax.plot(idx, app['python'], '--', label='python')
    ax.legend()`;
  const scores = Object.entries(model.backtest.metrics)
    .map(([k, v]) => `| ${k} | ${fixed(v.mase, 3)} | ${pct(v.coverage80)} | ${pct(v.coverage95)} |`)
    .join('\n');
  const how =
    model.backtest.selection === 'backtest'
      ? `It was chosen by a rolling-origin backtest (${model.backtest.folds} folds, ${model.backtest.horizon} steps ahead):\n\n| method | MASE | 80% coverage | 95% coverage |\n| --- | --- | --- | --- |\n${scores}`
      : 'The history was too short for a backtest at this horizon, so it was chosen by information criteria (AICc).';
  const widest = [...(model.interval.scale95 ?? []), ...(model.interval.scale80 ?? [])].reduce(
    (a, v) => Math.max(a, v),
    1,
  );
  const calibrated = model.interval.scale95
    ? ` The coverage above is of each method's own intervals; the app's bands in \`forecast.csv\` were then widened step by step (at most ${widest.toFixed(2)}x) until the backtest folds covered 80% and 95%.`
    : '';
  return [
    {
      kind: 'markdown',
      text: `## Forecast\n\nRebuilds the regular series, redoes the chosen method (**${fittedName(p)}**) with statsmodels or scikit-learn, and compares with the app's \`forecast.csv\`. ${how}${calibrated}`,
    },
    { kind: 'code', text: prep },
    { kind: 'code', text: `${HELPERS}\n${fit}` },
    { kind: 'code', text: compare },
  ];
}
