"""Writes real public datasets that ship with Debian's python3-sklearn and python3-statsmodels as CSV files,
for the goal parser's phrasing table. Usage: /usr/bin/python3 export-py.py OUT_DIR"""
import os
import sys

import pandas as pd
from sklearn import datasets as skd
import statsmodels.api as sm

out = sys.argv[1] if len(sys.argv) > 1 else "/tmp/intent-data"
os.makedirs(out, exist_ok=True)


def save(name, df):
    df.to_csv(os.path.join(out, f"{name}.csv"), index=False)
    print(name, len(df), "rows")


def sk(loader, target_name, classes=True):
    b = loader(as_frame=True)
    df = b.frame.copy()
    if "target" in df.columns:
        df = df.rename(columns={"target": target_name})
    if classes and getattr(b, "target_names", None) is not None:
        df[target_name] = [b.target_names[i] for i in b.target]
    return df


save("iris", sk(skd.load_iris, "species"))
save("wine", sk(skd.load_wine, "cultivar"))
save("sk-breast-cancer", sk(skd.load_breast_cancer, "diagnosis"))
save("sk-diabetes", sk(lambda as_frame: skd.load_diabetes(as_frame=as_frame, scaled=False), "progression", False))
lin = skd.load_linnerud(as_frame=True)
save("linnerud", pd.concat([lin.data, lin.target], axis=1))

for name, mod in [
    ("fair", sm.datasets.fair),
    ("spector", sm.datasets.spector),
    ("anes96", sm.datasets.anes96),
    ("ccard", sm.datasets.ccard),
    ("engel", sm.datasets.engel),
    ("longley", sm.datasets.longley),
    ("grunfeld", sm.datasets.grunfeld),
    ("strikes", sm.datasets.strikes),
    ("star98", sm.datasets.star98),
    ("scotland", sm.datasets.scotland),
    ("nile", sm.datasets.nile),
    ("sunspots", sm.datasets.sunspots),
    ("randhie", sm.datasets.randhie),
    ("cpunish", sm.datasets.cpunish),
    ("statecrime", sm.datasets.statecrime),
]:
    save(f"sm-{name}", mod.load_pandas().data)

macro = sm.datasets.macrodata.load_pandas().data
macro.insert(0, "date", pd.PeriodIndex(year=macro.year.astype(int), quarter=macro.quarter.astype(int), freq="Q").to_timestamp().strftime("%Y-%m-%d"))
save("sm-macrodata", macro.drop(columns=["year", "quarter"]))
co2 = sm.datasets.co2.load_pandas().data.reset_index().rename(columns={"index": "week"})
co2["week"] = co2["week"].dt.strftime("%Y-%m-%d")
save("sm-co2-weekly", co2)

# Small tables made to reproduce the goal-parser misses named in issue 14 (column names as such tables have them).
import numpy as np

rng = np.random.default_rng(14)
n = 600
approval = rng.choice(["yes", "no"], n, p=[0.7, 0.3])
save("loans", pd.DataFrame({
    "loan_id": [f"LP{100000 + i}" for i in range(n)],
    "married": rng.choice(["Yes", "No"], n),
    "education": rng.choice(["Graduate", "Not Graduate"], n),
    "applicant_income": rng.integers(1500, 20000, n),
    "coapplicant_income": rng.integers(0, 8000, n),
    "loan_amt": rng.integers(20, 700, n) * 1000,
    "loan_term": rng.choice([120, 180, 240, 300, 360], n),
    "credit_history": rng.choice([0, 1], n, p=[0.15, 0.85]),
    "property_area": rng.choice(["Urban", "Semiurban", "Rural"], n),
    "avg_balance": np.round(rng.gamma(2, 1500, n), 2),
    "approval": approval,
}))
cancel = rng.choice(["no", "yes"], n, p=[0.67, 0.33])
save("bookings", pd.DataFrame({
    "booking_id": [f"INN{i:05d}" for i in range(n)],
    "no_of_adults": rng.choice([1, 2, 3, 4], n, p=[0.2, 0.7, 0.07, 0.03]),
    "no_of_children": rng.choice([0, 1, 2, 3], n, p=[0.85, 0.1, 0.04, 0.01]),
    "no_of_nights": rng.integers(1, 22, n),
    "type_of_meal_plan": rng.choice(["Meal Plan 1", "Meal Plan 2", "Not Selected"], n),
    "room_type_reserved": rng.choice(["Room_Type 1", "Room_Type 2", "Room_Type 4", "Room_Type 6"], n),
    "lead_time": rng.integers(0, 400, n),
    "arrival_date": pd.date_range("2018-01-01", periods=n, freq="D").strftime("%Y-%m-%d"),
    "market_segment_type": rng.choice(["Online", "Offline", "Corporate", "Complementary"], n),
    "avg_price_per_room": np.round(rng.normal(100, 30, n), 2),
    "no_of_special_requests": rng.choice([0, 1, 2, 3], n),
    "cancel": cancel,
}))
label = rng.choice(["ok", "fraud"], n, p=[0.9, 0.1])
save("payments", pd.DataFrame({
    "payment_id": [f"tx_{i:06x}" for i in range(n)],
    "amount": np.round(rng.lognormal(3.5, 1.2, n), 2),
    "merchant_category": rng.choice(["grocery", "travel", "electronics", "fuel", "online"], n),
    "country": rng.choice(["GB", "FR", "DE", "US", "NL"], n),
    "hour": rng.integers(0, 24, n),
    "card_present": rng.choice(["true", "false"], n),
    "fraud_checks": rng.integers(0, 40, n),
    # The folder each file came from: it merely encodes the label.
    "batch": [f"{l}-{rng.integers(1, 4)}" for l in label],
    "label": label,
}))
close = 100 + np.cumsum(rng.normal(0, 1.5, n))
save("stocks", pd.DataFrame({
    "date": pd.bdate_range("2020-01-01", periods=n).strftime("%Y-%m-%d"),
    "ticker": rng.choice(["AAA", "BBB"], n),
    "price_open": np.round(close + rng.normal(0, 1, n), 2),
    "price_high": np.round(close + np.abs(rng.normal(1.5, 1, n)), 2),
    "price_low": np.round(close - np.abs(rng.normal(1.5, 1, n)), 2),
    "price_close": np.round(close, 2),
    "volume": rng.integers(100000, 5000000, n),
}))
spam = rng.choice([0, 1], n, p=[0.6, 0.4])
save("emails", pd.DataFrame({
    "free": rng.choice([0, 1], n),
    "money": rng.choice([0, 1], n),
    "offer": rng.choice([0, 1], n),
    "num_links": rng.integers(0, 30, n),
    "length": rng.integers(20, 5000, n),
    "spam_words": rng.integers(0, 16, n),
    "is_spam": spam,
}))
save("sensors", pd.DataFrame({
    "timestamp": pd.date_range("2023-03-01", periods=n, freq="h").strftime("%Y-%m-%d %H:%M:%S"),
    "station": rng.choice(["north", "south", "harbour"], n),
    "temperature_maximum": np.round(rng.normal(15, 5, n), 1),
    "temperature_minimum": np.round(rng.normal(7, 4, n), 1),
    "humidity_percent": rng.integers(30, 100, n),
    "rain_quantity": np.round(rng.exponential(1.2, n), 1),
    "wind_speed": np.round(rng.gamma(2, 3, n), 1),
}))
