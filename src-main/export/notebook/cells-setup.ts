import type { NotebookInput, NotebookSource } from './build-notebook';
import { helpersCode } from './helpers-code';
import { numberPattern } from '../../engine/ingest/formatted-numbers';
import { codeCell, markdownCell, type NotebookCell } from './nbformat';
import { mdCell, py, pyStr } from './py-literal';

/** Title and what the notebook does, in words a reader can follow without the app. */
export function introCells(input: NotebookInput, familyLabel: string, explained = false): NotebookCell[] {
  const what = input.target ? `predicts **${mdCell(input.target)}** (${input.task})` : `runs a ${input.task} analysis`;
  return [
    markdownCell(`
# Reproduce the AutoML Desktop model

This notebook ${what} from \`${mdCell(input.dataFileName)}\`, the way the app did:

1. load the data file (set its path in the next cell);
2. hold out exactly the rows the app held out (${input.split.testIndices.length} test rows, seed ${input.split.seed});
3. rebuild the preprocessing with scikit-learn, column by column, as the app's plan says;
4. train an equivalent scikit-learn model (${familyLabel}) and print its test metrics next to the app's;
5. score the exported \`model.onnx\` with onnxruntime and compare it with the app's own holdout predictions.${
      explained
        ? "\n6. recompute the app's explanations of a few test rows (what each column added to the prediction) from `explainer.json`."
        : ''
    }

The scikit-learn model is trained afresh, so its numbers will be close to the app's but not identical:
the app uses its own implementation of each algorithm. \`model.onnx\` is the app's exact model.
`),
  ];
}

/** The file's layout in words, for the comment above SOURCE_FORMAT. */
function layoutWords(source: NotebookSource): string {
  const f = source.format;
  const sep = f.delimiter === '\t' ? 'tab' : `'${f.delimiter}'`;
  const parts = [
    `${sep}-separated`,
    f.encoding === 'windows-1252'
      ? 'Windows-1252'
      : f.encoding.toUpperCase().replace('-BOM', ' with a byte-order mark'),
  ];
  if (f.decimalCommas.length) parts.push(`decimal commas in ${f.decimalCommas.length} column(s)`);
  const formatted = Object.keys(f.numberFormats ?? {}).length;
  if (formatted) parts.push(`formatted numbers ($220,000, 22%) in ${formatted} column(s)`);
  if (Object.keys(f.dateFormats).length) parts.push('dates as the app parsed them');
  return parts.join(', ');
}

/**
 * DATA_PATH, BUNDLE_DIR and, for a CSV/TSV source, how the app read the person's file (SOURCE_FORMAT): read_table
 * reads any file other than the bundle's data.csv that way.
 */
export function dataPathCode(input: NotebookInput): string {
  const inBundle = input.dataInBundle ?? true;
  const lines = [
    inBundle
      ? '# Where the data and the unzipped bundle are. By default both sit beside this notebook.'
      : `# The data was too big for the bundle: put your file ${pyStr(input.dataFileName)} beside this notebook, or set its path.`,
    `DATA_PATH = ${pyStr(input.dataFileName)}`,
    "BUNDLE_DIR = '.'  # the folder holding model.onnx and predictions.csv from the exported zip",
    `DATA_IN_BUNDLE = ${inBundle ? 'True' : 'False'}`,
  ];
  const source = input.source;
  if (source) {
    const f = source.format;
    const format = {
      delimiter: f.delimiter,
      quote: f.quote,
      encoding: f.encoding,
      gzip: f.gzip,
      skip_lines: f.skipLines,
      header: f.header,
      columns: source.columns,
      decimal_commas: f.decimalCommas,
      date_formats: f.dateFormats,
      // Formatted numbers ("$220,000", "22%"): the app's exact pattern per column, and how to read the digits.
      number_formats: Object.fromEntries(
        Object.entries(f.numberFormats ?? {}).map(([column, nf]) => [
          column,
          { pattern: numberPattern(nf), decimal_comma: nf.decimalComma, percent: nf.unit === '%' },
        ]),
      ),
    };
    lines.push(
      `# How the app read your file ${pyStr(source.name)} (${layoutWords(source)}). Any file other than the bundle's`,
      '# data.csv is read this way; set SOURCE_FORMAT = None to read a plain comma-separated file instead.',
      `SOURCE_FORMAT = ${py(format)}`,
    );
  }
  return lines.join('\n');
}

/** First code cell: the only values a person should need to edit. */
export function configCell(input: NotebookInput, classes: string[] | null): NotebookCell {
  return codeCell(`
${dataPathCode(input)}

TASK = ${pyStr(input.task)}
TARGET = ${input.target === null ? 'None' : pyStr(input.target)}
CLASSES = ${classes ? py(classes) : 'None'}  # class labels in the app's order (None for regression)
SEED = ${Math.trunc(input.split.seed)}
`);
}

/** Imports everything the generated cells use (a fixed list: easy to read, cheap to import). */
export function importsCell(withTargetEncoder: boolean, withLogTarget = false): NotebookCell {
  return codeCell(`
import os
import re
import unicodedata
import warnings
from functools import partial

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, RegressorMixin, TransformerMixin, clone
from sklearn.calibration import CalibratedClassifierCV
from sklearn.compose import ColumnTransformer, TransformedTargetRegressor
from sklearn.ensemble import (ExtraTreesClassifier, ExtraTreesRegressor, HistGradientBoostingClassifier,
                              HistGradientBoostingRegressor, RandomForestClassifier, RandomForestRegressor,
                              StackingClassifier, StackingRegressor, VotingClassifier, VotingRegressor)
from sklearn.exceptions import ConvergenceWarning
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.impute import SimpleImputer
from sklearn.kernel_approximation import Nystroem
from sklearn.linear_model import ElasticNet, Lasso, LinearRegression, LogisticRegression, Ridge
from sklearn.metrics import (accuracy_score, explained_variance_score, f1_score, log_loss, mean_absolute_error,
                             mean_squared_error, precision_score, r2_score, recall_score, roc_auc_score)
from sklearn.naive_bayes import GaussianNB, MultinomialNB
from sklearn.neural_network import MLPClassifier, MLPRegressor
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import (FunctionTransformer, MinMaxScaler, OneHotEncoder, OrdinalEncoder,
                                   PolynomialFeatures, RobustScaler, SplineTransformer, StandardScaler)
from sklearn.svm import LinearSVC, LinearSVR

# Iterative models may stop at their iteration cap; the metrics below say whether that mattered.
warnings.filterwarnings('ignore', category=ConvergenceWarning)

${helpersCode(withTargetEncoder, withLogTarget)}
`);
}
