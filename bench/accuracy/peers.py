"""Peers on the same rows: scikit-learn HistGradientBoosting, LogisticRegression / Ridge, and XGBoost, all at
default settings, 1 thread. Numeric: median impute (+ scaling for linear); categoricals: one-hot for linear,
native (ordinal codes) for the boosted trees; text: TF-IDF (scikit-learn defaults). Prints one JSON line per dataset."""
import json, os, sys, time, warnings
os.environ.setdefault('OMP_NUM_THREADS', '1')
os.environ.setdefault('OPENBLAS_NUM_THREADS', '1')
import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.metrics import accuracy_score, r2_score, mean_squared_error
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, OrdinalEncoder, StandardScaler, LabelEncoder
import xgboost as xgb

warnings.filterwarnings('ignore')
DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '.data', 'accuracy')


def run(name):
    spec = json.load(open(os.path.join(DATA, name + '.json')))
    df = pd.read_csv(os.path.join(DATA, name + '.csv'))
    target, task, text = spec['target'], spec['task'], spec['text']
    test = np.zeros(len(df), bool)
    test[spec['test']] = True
    y = df[target]
    X = df.drop(columns=[target])
    cats = [c for c in X.columns if X[c].dtype == object and c not in text]
    nums = [c for c in X.columns if c not in cats and c not in text]
    if task == 'classification':
        y = LabelEncoder().fit_transform(y.astype(str))
    else:
        y = y.to_numpy(float)
    for c in cats:
        X[c] = X[c].astype(str).where(X[c].notna(), None)
    Xtr, Xte, ytr, yte = X[~test], X[test], y[~test], y[test]
    out = {'dataset': name, 'task': task}

    def score(pred):
        return accuracy_score(yte, pred) if task == 'classification' else r2_score(yte, pred)

    # Linear: LogisticRegression / Ridge.
    lin_parts = [('num', make_pipeline(SimpleImputer(strategy='median'), StandardScaler()), nums)] if nums else []
    if cats:
        lin_parts.append(('cat', make_pipeline(SimpleImputer(strategy='most_frequent'), OneHotEncoder(handle_unknown='ignore')), cats))
    for t in text:
        lin_parts.append((t, TfidfVectorizer(), t))
    lin = make_pipeline(ColumnTransformer(lin_parts), LogisticRegression(max_iter=2000) if task == 'classification' else Ridge())
    for t in text:
        Xtr[t] = Xtr[t].fillna('')
        Xte[t] = Xte[t].fillna('')
    t0 = time.time()
    lin.fit(Xtr, ytr)
    out['linear'] = score(lin.predict(Xte))
    out['linear_s'] = time.time() - t0

    # Trees: ordinal-coded categoricals (native), NaN kept, text as TF-IDF (dense for HGB, capped at 1000 terms).
    tree_parts = [('num', 'passthrough', nums)] if nums else []
    if cats:
        tree_parts.append(('cat', OrdinalEncoder(handle_unknown='use_encoded_value', unknown_value=np.nan, encoded_missing_value=np.nan), cats))
    for t in text:
        tree_parts.append((t, TfidfVectorizer(max_features=1000), t))
    ct = ColumnTransformer(tree_parts, sparse_threshold=0)
    Ttr = ct.fit_transform(Xtr).astype(float)
    Tte = ct.transform(Xte).astype(float)
    cat_mask = np.zeros(Ttr.shape[1], bool)
    if cats:
        start = len(nums)
        cat_mask[start:start + len(cats)] = True
    t0 = time.time()
    hgb = (HistGradientBoostingClassifier if task == 'classification' else HistGradientBoostingRegressor)(categorical_features=cat_mask if cats else None, random_state=0)
    hgb.fit(Ttr, ytr)
    out['hgb'] = score(hgb.predict(Tte))
    out['hgb_s'] = time.time() - t0
    t0 = time.time()
    model = (xgb.XGBClassifier if task == 'classification' else xgb.XGBRegressor)(tree_method='hist', n_jobs=1, random_state=0)
    model.fit(Ttr, ytr)
    out['xgb'] = score(model.predict(Tte))
    out['xgb_s'] = time.time() - t0
    print(json.dumps(out))
    sys.stdout.flush()


for name in sys.argv[1:]:
    run(name)
