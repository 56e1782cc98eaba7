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
]:
    save(f"sm-{name}", mod.load_pandas().data)

macro = sm.datasets.macrodata.load_pandas().data
macro.insert(0, "date", pd.PeriodIndex(year=macro.year.astype(int), quarter=macro.quarter.astype(int), freq="Q").to_timestamp().strftime("%Y-%m-%d"))
save("sm-macrodata", macro.drop(columns=["year", "quarter"]))
co2 = sm.datasets.co2.load_pandas().data.reset_index().rename(columns={"index": "week"})
co2["week"] = co2["week"].dt.strftime("%Y-%m-%d")
save("sm-co2-weekly", co2)
