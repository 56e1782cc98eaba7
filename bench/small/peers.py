"""peers.py CSV TARGET TEST_JSON [TASK]: scikit-learn defaults on the app's split, one JSON line of test scores.
classification (default): LogisticRegression on median-imputed, scaled numbers + one-hot categories and
HistGradientBoosting on the same: accuracy and F1 (macro) of each. regression: Ridge, HistGradientBoosting and
XGBoost (1.7, defaults, one thread) on the same features: R² and RMSE of each. Run by bench/small/index.ts."""
import json, sys, warnings
import numpy as np, pandas as pd
warnings.filterwarnings('ignore')
from sklearn.compose import ColumnTransformer
from sklearn.pipeline import make_pipeline
from sklearn.impute import SimpleImputer
from sklearn.preprocessing import OneHotEncoder, StandardScaler
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor
from sklearn.metrics import accuracy_score, f1_score, mean_squared_error, r2_score
csv, target, test_json = sys.argv[1:4]
task = sys.argv[4] if len(sys.argv) > 4 else 'classification'
df = pd.read_csv(csv, keep_default_na=True)
df = df[df[target].notna()].reset_index(drop=True)
if task == 'classification': df[target] = df[target].astype(str)
test = np.zeros(len(df), bool); test[json.load(open(test_json))] = True
feats = [c for c in df.columns if c != target]
cats = [c for c in feats if df[c].dtype == object or df[c].dtype == bool]
nums = [c for c in feats if c not in cats]
for c in cats: df[c] = df[c].astype(str).where(df[c].notna())
pre = ColumnTransformer([('n', make_pipeline(SimpleImputer(strategy='median'), StandardScaler()), nums),
                         ('c', make_pipeline(SimpleImputer(strategy='constant', fill_value='NA'), OneHotEncoder(handle_unknown='ignore')), cats)], sparse_threshold=0)
out = {}
X, Xt, y, yt = df.loc[~test, feats], df.loc[test, feats], df.loc[~test, target], df.loc[test, target]
if task == 'classification':
    for name, m in [('logreg', LogisticRegression(max_iter=2000)), ('hgb', HistGradientBoostingClassifier())]:
        p = make_pipeline(pre, m).fit(X, y).predict(Xt)
        out[name] = {'accuracy': accuracy_score(yt, p), 'f1_macro': f1_score(yt, p, average='macro')}
else:
    from xgboost import XGBRegressor
    for name, m in [('ridge', Ridge()), ('hgb', HistGradientBoostingRegressor()), ('xgb', XGBRegressor(n_jobs=1))]:
        p = make_pipeline(pre, m).fit(X, y).predict(Xt)
        out[name] = {'r2': r2_score(yt, p), 'rmse': float(np.sqrt(mean_squared_error(yt, p)))}
print(json.dumps(out))
