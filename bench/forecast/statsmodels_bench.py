"""Peer forecasts for bench/forecast: statsmodels ETS (Holt-Winters, variant by AICc) and SARIMA (small grid by AIC).

Reads a JSON list of {name, train_csv, m, h} from argv[1] (train_csv has columns date,value on a regular grid)
and prints {name: {ets, ets_model, sarima, sarima_model, seconds}} as JSON on stdout.
"""
import json
import sys
import time
import warnings

import numpy as np
import pandas as pd
from statsmodels.tsa.holtwinters import ExponentialSmoothing
from statsmodels.tsa.statespace.sarimax import SARIMAX

warnings.filterwarnings("ignore")


def fit_ets(y, m, h):
    best = None
    trends = [(None, False), ("add", False), ("add", True)]
    seasons = [None]
    if m > 1 and len(y) >= 2 * m + 2:
        seasons += ["add"] + (["mul"] if (y > 0).all() else [])
    for trend, damped in trends:
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
            name = f"ETS({'A' if trend else 'N'}{'d' if damped else ''},{'N' if not seasonal else seasonal[0].upper()})"
            if best is None or fit.aicc < best[0]:
                best = (fit.aicc, name, fit.forecast(h))
    return best[1], best[2]


def fit_sarima(y, m, h):
    best = None
    if m > 1:
        grid = [((p, 1, q), (0, 1, 1, m), "n") for p, q in [(0, 1), (1, 1), (1, 0)]]
    else:
        grid = [((p, d, q), (0, 0, 0, 0), "c" if d == 0 else "n") for d in (0, 1) for p in (0, 1, 2) for q in (0, 1, 2)]
    for order, seasonal, trend in grid:
        try:
            fit = SARIMAX(y, order=order, seasonal_order=seasonal, trend=trend).fit(disp=False)
        except Exception:
            continue
        if not np.isfinite(fit.aic):
            continue
        if best is None or fit.aic < best[0]:
            best = (fit.aic, f"SARIMA{order}{seasonal[:3] if m > 1 else ''}[{m}]", fit.forecast(h))
    return best[1], best[2]


def main():
    spec = json.loads(sys.argv[1])
    out = {}
    for s in spec:
        y = pd.read_csv(s["train_csv"])["value"].to_numpy(dtype=float)
        t0 = time.time()
        ets_name, ets = fit_ets(y, s["m"], s["h"])
        t1 = time.time()
        sar_name, sar = fit_sarima(y, s["m"], s["h"])
        t2 = time.time()
        out[s["name"]] = {
            "ets": [float(v) for v in ets], "ets_model": ets_name,
            "sarima": [float(v) for v in sar], "sarima_model": sar_name,
            "seconds": {"ets": t1 - t0, "sarima": t2 - t1},
        }
    print(json.dumps(out))


if __name__ == "__main__":
    main()
