"""Writes a spec (target, text column, fixed stratified 80/20 test rows, random_state=0, as bench/accuracy/prepare.py)
for each short-text language set in bench/.data/text/: ui_messages_lang.csv (2,150 Debian .mo msgstr of 12 languages,
8-80 characters) and cyrillic_lang.csv (1,000 messages of 7 Cyrillic/Greek-script languages), built from the .mo
catalogues of Debian packages in session 10 (/work/notes/fresh.md). Run with Debian's python3 (pandas, sklearn)."""
import json, os
import numpy as np
import pandas as pd
from sklearn.model_selection import train_test_split

DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '.data', 'text')
for name in ('ui_messages_lang', 'cyrillic_lang'):
    df = pd.read_csv(os.path.join(DIR, name + '.csv'), keep_default_na=False)
    text, target = df.columns[0], df.columns[1]
    _, test = train_test_split(np.arange(len(df)), test_size=0.2, random_state=0, stratify=df[target])
    spec = {'target': target, 'task': 'classification', 'text': [text], 'test': sorted(int(i) for i in test), 'rows': len(df)}
    with open(os.path.join(DIR, name + '.json'), 'w') as f:
        json.dump(spec, f, ensure_ascii=False)
