"""Peer forecasts for bench/forecast from Debian's python3-statsmodels 0.13.

Usage: python3 statsmodels_peers.py TRAIN_CSV "P1 P2 ..." H OUT_TSV
TRAIN_CSV has date,value (empty value = missing); leading/trailing gaps are dropped, inner gaps linearly interpolated.
Methods: sm_ets (ExponentialSmoothing, the 9 Holt-Winters variants with estimated initial states, by AICc),
sm_theta (ThetaModel, its automatic deseasonalising test), sm_arima (SARIMAX by AIC over a small grid:
(p,1,q)(0,1,1)m for a season of at most 24, else ARIMA(p,1,q) with Fourier terms, K = 5 per period).
Writes one line per method: method <TAB> seconds <TAB> model <TAB> h comma-separated forecasts.
"""
import sys
import time
import warnings

import numpy as np
import pandas as pd
from statsmodels.tsa.forecasting.theta import ThetaModel
from statsmodels.tsa.holtwinters import ExponentialSmoothing
from statsmodels.tsa.statespace.sarimax import SARIMAX

warnings.filterwarnings("ignore")


def fit_ets(y, m, h):
    best = None
    seasons = [None]
    if 1 < m <= 52 and len(y) >= 2 * m + 2:
        seasons += ["add"] + (["mul"] if (y > 0).all() else [])
    for trend, damped in [(None, False), ("add", False), ("add", True)]:
        for seasonal in seasons:
            try:
                fit = ExponentialSmoothing(
                    y, trend=trend, damped_trend=damped, seasonal=seasonal,
                    seasonal_periods=m if seasonal else None, initialization_method="estimated",
                ).fit()
            except Exception:
                continue
            if not np.isfinite(fit.aicc):
                continue
            name = f"HW({'A' if trend else 'N'}{'d' if damped else ''},{'N' if not seasonal else seasonal[0].upper()})"
            if best is None or fit.aicc < best[0]:
                best = (fit.aicc, name, fit.forecast(h))
    return best[1], best[2]


def fourier(n0, n, periods, k=5):
    t = np.arange(n0, n0 + n)
    cols = []
    for p in periods:
        for j in range(1, min(k, int(p // 2)) + 1):
            cols += [np.sin(2 * np.pi * j * t / p), np.cos(2 * np.pi * j * t / p)]
    return np.column_stack(cols)


def fit_arima(y, periods, h):
    m = periods[0]
    best = None
    if 1 < m <= 24:
        grid = [((p, 1, q), (0, 1, 1, m), None) for p, q in [(0, 1), (1, 1), (1, 0)]]
    elif m > 24:
        grid = [((p, 1, q), (0, 0, 0, 0), "fourier") for p, q in [(1, 1), (2, 1), (1, 0)]]
    else:
        grid = [((p, d, q), (0, 0, 0, 0), None) for d in (0, 1) for p in (0, 1, 2) for q in (0, 1, 2)]
    for order, seasonal, ex in grid:
        try:
            exog = fourier(0, len(y), periods) if ex else None
            trend = "c" if order[1] == 0 else "n"
            fit = SARIMAX(y, exog=exog, order=order, seasonal_order=seasonal, trend=trend).fit(disp=False)
            fc = fit.forecast(h, exog=fourier(len(y), h, periods) if ex else None)
        except Exception:
            continue
        if not np.isfinite(fit.aic):
            continue
        if best is None or fit.aic < best[0]:
            name = f"SARIMAX{order}{seasonal if seasonal[3] else ''}{'+fourier' if ex else ''}"
            best = (fit.aic, name, fc)
    return best[1], best[2]


def fit_theta(y, m, h):
    res = ThetaModel(y, period=m if m > 1 else None).fit()
    return "Theta", res.forecast(h)


def main():
    path, periods, h, out = sys.argv[1], [float(p) for p in sys.argv[2].split()], int(sys.argv[3]), sys.argv[4]
    v = pd.read_csv(path)["value"].astype(float)
    ok = np.flatnonzero(v.notna().to_numpy())
    y = v.iloc[ok[0]:ok[-1] + 1].interpolate("linear").to_numpy()
    m = int(round(periods[0]))
    lines = []
    for name, f in [("sm_ets", lambda: fit_ets(y, m, h)), ("sm_theta", lambda: fit_theta(y, m, h)),
                    ("sm_arima", lambda: fit_arima(y, periods, h))]:
        t0 = time.time()
        try:
            model, fc = f()
            lines.append(f"{name}\t{time.time() - t0:.2f}\t{model}\t{','.join(repr(float(x)) for x in fc)}")
        except Exception as e:  # noqa: BLE001 - a failed peer is reported, not fatal
            lines.append(f"{name}\t{time.time() - t0:.2f}\tfailed: {type(e).__name__}\t")
    with open(out, "w") as fh:
        fh.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
