"""peers.py CSV TARGET TEST_JSON: scikit-learn defaults on the app's split (LogisticRegression on median-imputed,
scaled numbers + one-hot categories; HistGradientBoosting on the same), one JSON line: accuracy and F1 (macro) of
each on the test rows. Run by bench/small/index.ts."""
import json, sys, warnings
import numpy as np, pandas as pd
warnings.filterwarnings('ignore')
from sklearn.compose import ColumnTransformer
from sklearn.pipeline import make_pipeline
from sklearn.impute import SimpleImputer
from sklearn.preprocessing import OneHotEncoder, StandardScaler
from sklearn.linear_model import LogisticRegression
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.metrics import accuracy_score, f1_score
csv, target, test_json = sys.argv[1:4]
df = pd.read_csv(csv, keep_default_na=True)
df = df[df[target].notna()].reset_index(drop=True)
df[target] = df[target].astype(str)
test = np.zeros(len(df), bool); test[json.load(open(test_json))] = True
feats = [c for c in df.columns if c != target]
cats = [c for c in feats if df[c].dtype == object or df[c].dtype == bool]
nums = [c for c in feats if c not in cats]
for c in cats: df[c] = df[c].astype(str).where(df[c].notna())
pre = ColumnTransformer([('n', make_pipeline(SimpleImputer(strategy='median'), StandardScaler()), nums),
                         ('c', make_pipeline(SimpleImputer(strategy='constant', fill_value='NA'), OneHotEncoder(handle_unknown='ignore')), cats)], sparse_threshold=0)
out = {}
for name, m in [('logreg', LogisticRegression(max_iter=2000)), ('hgb', HistGradientBoostingClassifier())]:
    p = make_pipeline(pre, m).fit(df.loc[~test, feats], df.loc[~test, target]).predict(df.loc[test, feats])
    out[name] = {'accuracy': accuracy_score(df.loc[test, target], p), 'f1_macro': f1_score(df.loc[test, target], p, average='macro')}
print(json.dumps(out))
