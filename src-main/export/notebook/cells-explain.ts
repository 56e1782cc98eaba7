/**
 * The notebook cell that recomputes the app's explanations in Python from explainer.json alone (trees, coefficients,
 * background covers and means) and compares them with the app's values for the rows stored in its `check`
 * (engine/explain/check.ts). Trees: path-dependent TreeSHAP (Lundberg, Erion & Lee 2018, Algorithm 2) with raw
 * columns as players; linear models: exact SHAP of the margin against the background means, polynomial pairs by the
 * Shapley rule for a product. A log-scale member of an ensemble or stack is rescaled to the value (explain/log-scale.ts).
 * Then the app's combination (binary from two outputs, ensemble weights, stack
 * combiner). A difference beyond rounding raises, so a notebook run fails when the two disagree.
 */
import { BUNDLE_FILES } from '../../engine/artifacts/files';
import { codeCell, markdownCell, type NotebookCell } from './nbformat';

const REPRODUCE = `
import json
import math
import os

import numpy as np


def _singles(p):
    if p['kind'] == 'single':
        return [p]
    if p['kind'] == 'ensemble':
        return [m['pipeline'] for m in p['members']]
    return [s for b in p['bases'] for s in b['pipelines']]


def _tree_shap(tree, cover, players, x, outputs, scale, phi):
    """Adds scale x the path-dependent TreeSHAP values of one tree for the row x into phi[output, player]."""
    left, right, feature = tree['left'], tree['right'], tree['feature']
    threshold, missing_left, values = tree['threshold'], tree['missingLeft'], tree['values']

    def share(parent, child):
        return cover[child] / cover[parent] if cover[parent] > 0 else 0.5

    def extend(path, zero, one, player):
        d = len(path)
        path.append([player, zero, one, 1.0 if d == 0 else 0.0])
        for i in range(d - 1, -1, -1):
            path[i + 1][3] += one * path[i][3] * (i + 1) / (d + 1)
            path[i][3] = zero * path[i][3] * (d - i) / (d + 1)

    def unwind(path, at):
        d = len(path) - 1
        zero, one = path[at][1], path[at][2]
        following = path[d][3]
        for i in range(d - 1, -1, -1):
            if one != 0:
                kept = path[i][3]
                path[i][3] = following * (d + 1) / ((i + 1) * one)
                following = kept - path[i][3] * zero * (d - i) / (d + 1)
            else:
                path[i][3] = path[i][3] * (d + 1) / (zero * (d - i))
        for i in range(at, d):
            path[i][0:3] = path[i + 1][0:3]
        path.pop()

    def unwound_sum(path, at):
        d = len(path) - 1
        zero, one = path[at][1], path[at][2]
        following, total = path[d][3], 0.0
        for i in range(d - 1, -1, -1):
            if one != 0:
                part = following / ((i + 1) * one)
                total += part
                following = path[i][3] - part * zero * (d - i)
            else:
                total += path[i][3] / (zero * (d - i))
        return total * (d + 1)

    def recurse(node, path, zero, one, player):
        path = [list(e) for e in path]
        extend(path, zero, one, player)
        if left[node] == -1:
            for i in range(1, len(path)):
                w = unwound_sum(path, i) * (path[i][2] - path[i][1]) * scale
                for o in range(outputs):
                    phi[o, path[i][0]] += w * values[node][o]
            return
        v = x[feature[node]]
        goes_left = v < threshold[node] or (v != v and bool(missing_left[node]))
        hot, cold = (left[node], right[node]) if goes_left else (right[node], left[node])
        p = players[feature[node]]
        in_zero, in_one = 1.0, 1.0
        at = next((i for i, e in enumerate(path) if e[0] == p), None)
        if at is not None:
            in_zero, in_one = path[at][1], path[at][2]
            unwind(path, at)
        if share(node, hot) * in_zero != 0 or in_one != 0:
            recurse(hot, path, share(node, hot) * in_zero, in_one, p)
        if share(node, cold) * in_zero != 0:
            recurse(cold, path, share(node, cold) * in_zero, 0.0, p)

    recurse(0, [], 1.0, 1.0, -1)


def _tree_walk(tree, cover, x, outputs):
    """The tree's output for x, and its expected output over the background (leaf values weighted by covers)."""
    node = 0
    while tree['left'][node] != -1:
        v = x[tree['feature'][node]]
        goes_left = v < tree['threshold'][node] or (v != v and bool(tree['missingLeft'][node]))
        node = tree['left'][node] if goes_left else tree['right'][node]
    expected, stack = np.zeros(outputs), [(0, 1.0)]
    while stack:
        n, w = stack.pop()
        l, r = tree['left'][n], tree['right'][n]
        if l == -1:
            expected += w * np.asarray(tree['values'][n][:outputs], dtype=float)
        else:
            stack += [(l, w * (cover[l] / cover[n] if cover[n] > 0 else 0.5)),
                      (r, w * (cover[r] / cover[n] if cover[n] > 0 else 0.5))]
    return np.asarray(tree['values'][node][:outputs], dtype=float), expected


def _single_shap(s, background, X, players, columns):
    """SHAP values (rows, outputs, columns), base and raw output of one single pipeline on its feature rows X."""
    m, n = s['model'], len(X)
    if 'trees' in m:
        outputs, trees = len(m['baseScore']), m['trees']
        mean = m['aggregate'] == 'mean'
        scale = (1.0 / len(trees) if trees else 0.0) if mean else 1.0
        base = np.zeros(outputs) if mean else np.asarray(m['baseScore'], dtype=float)
        raw = np.tile(base, (n, 1))
        phi = np.zeros((n, outputs, columns))
        for tree, cover in zip(trees, background['covers']):
            for r in range(n):
                leaf, expected = _tree_walk(tree, cover, X[r], outputs)
                raw[r] += scale * leaf
                _tree_shap(tree, cover, players, X[r], outputs, scale, phi[r])
            base = base + scale * expected
    else:
        coef, means = np.asarray(m['coef'], dtype=float), np.asarray(background['means'], dtype=float)
        F = X.shape[1]
        pairs = [(a, b) for a in range(F) for b in range(a, F)] if m.get('polynomialDegree') == 2 else []
        base = np.asarray(m['intercept'], dtype=float) + coef @ means
        outputs = len(coef)
        phi = np.zeros((n, outputs, columns))
        raw = np.zeros((n, outputs))
        for r in range(n):
            x = X[r]
            raw[r] = np.asarray(m['intercept'], dtype=float) + coef @ np.concatenate([x, [x[a] * x[b] for a, b in pairs]])
            for o in range(outputs):
                for f in range(F):
                    phi[r, o, players[f]] += coef[o, f] * (x[f] - means[f])
                for k, (a, b) in enumerate(pairs):
                    c, both = coef[o, F + k], means[F + k]
                    if c == 0:
                        continue
                    if players[a] == players[b]:
                        phi[r, o, players[a]] += c * (x[a] * x[b] - both)
                        continue
                    phi[r, o, players[a]] += 0.5 * c * (x[a] * means[b] - both + x[a] * x[b] - means[a] * x[b])
                    phi[r, o, players[b]] += 0.5 * c * (means[a] * x[b] - both + x[a] * x[b] - x[a] * means[b])
    if s['task'] == 'binary' and len(base) == 2:
        # Two raw outputs explained as one: p(second class), or the softmax score difference (the log-odds).
        first = 1.0 if m.get('link') == 'softmax' else 0.0
        phi = phi[:, 1:2] - first * phi[:, 0:1]
        base = base[1:2] - first * base[0:1]
        raw = raw[:, 1:2] - first * raw[:, 0:1]
    return phi, base, raw


def _on_outputs(s, p, phi, base):
    """A member's values on the whole model's outputs (its classes may be in another order)."""
    if p['task'] == 'regression':
        return phi, base
    classes = p['classes']
    mine = s.get('classes') or classes
    if p['task'] == 'binary':
        return (phi, base) if mine[1] == classes[1] else (-phi, 1 - base)
    order = [mine.index(c) for c in classes]
    return phi[:, order], base[order]


def _on_value_scale(t, phi, base):
    """A log-scale member's values moved to the value (engine explain/log-scale.ts): each row's values times the
    secant slope of factor * exp(clip(r)) - shift between the base b and the row's raw output b + d."""
    def clip(r):
        return min(max(r, t['low']), t['high'])
    b = float(base[0])
    at = t['factor'] * math.exp(clip(b))
    out = np.zeros_like(phi)
    for r in range(phi.shape[0]):
        d = 0.0
        for v in phi[r, 0]:
            d += float(v)
        if d == 0:
            slope = at
        else:
            delta = d if clip(b + d) == b + d and clip(b) == b else clip(b + d) - clip(b)
            slope = at * math.expm1(delta) / d
        out[r] = slope * phi[r]
    return out, np.array([at - t['shift']])


def reproduce_explanations(path):
    """Recomputes the checked rows' explanations from explainer.json; raises when they differ from the app's."""
    with open(path, encoding='utf-8') as f:
        explainer = json.load(f)
    check = explainer.get('check')
    if check is None:
        print('explainer.json holds no exact explanations to compare (this model is explained by sampling).')
        return None
    p, singles = explainer['pipeline'], explainer['background']['singles']
    names = [c['name'] for c in p['inputs']]
    n, G = len(check['rows']), len(names)
    parts, worst_sum = [], 0.0
    for k, s in enumerate(_singles(p)):
        stored = check['features'][k]
        X = np.array([np.nan if v is None else v for v in stored['values']], dtype=float).reshape(n, -1)
        phi, base, raw = _single_shap(s, singles[k], X, stored['players'], G)
        worst_sum = max(worst_sum, float(np.max(np.abs(phi.sum(axis=2) + base - raw))))
        if p['kind'] != 'single' and s.get('targetTransform'):
            # In an ensemble or stack a log-scale member is explained on the value, as the app does.
            phi, base = _on_value_scale(s['targetTransform'], phi, base)
        parts.append(_on_outputs(s, p, phi, base))
    if p['kind'] == 'single':
        phi, base = parts[0]
    elif p['kind'] == 'ensemble':
        phi = sum(m['weight'] * part[0] for m, part in zip(p['members'], parts))
        base = sum(m['weight'] * part[1] for m, part in zip(p['members'], parts))
    else:
        # Stack: combiner margin[o] = intercept[o] + sum of coef[o][b * w + k] x output k of base b (its fold mean).
        O = len(parts[0][1]) if p['task'] == 'multiclass' else 1
        w = O if p['task'] == 'multiclass' else 1
        base, phi, at = np.asarray(p['combiner']['intercept'][:O], dtype=float), np.zeros((n, O, G)), 0
        for b, stage in enumerate(p['bases']):
            folds = parts[at:at + len(stage['pipelines'])]
            at += len(stage['pipelines'])
            for k in range(w):
                for o in range(O):
                    c = p['combiner']['coef'][o][b * w + k] / len(folds)
                    for part_phi, part_base in folds:
                        base[o] += c * part_base[k]
                        phi[:, o] += c * part_phi[:, k]
    app = np.asarray(check['values'], dtype=float).reshape(phi.shape)
    app_base = np.asarray(check['base'], dtype=float)
    gap = float(max(np.max(np.abs(phi - app)), np.max(np.abs(base - app_base))))
    size = float(max(1.0, np.max(np.abs(app)), np.max(np.abs(app_base))))
    r, o, g = np.unravel_index(int(np.argmax(np.abs(phi - app))), phi.shape)
    print(f'{n} test rows (data rows {", ".join(str(i) for i in check["rows"])}), {phi.shape[1]} output(s), {G} columns')
    print(f'largest |Python - app| contribution or base: {gap:.3g}')
    print(f'largest |contributions + base - model output| in Python: {worst_sum:.3g}')
    if not gap <= 1e-9 * size:
        raise AssertionError(
            f"The explanations recomputed here differ from the app's by {gap:.3g} "
            f"(data row {check['rows'][r]}, column {names[g]!r}: Python {phi[r, o, g]:.10g}, app {app[r, o, g]:.10g}).")
    if not worst_sum <= 1e-9 * size:
        raise AssertionError(f'Contributions + base miss the model output by {worst_sum:.3g} in Python.')
    print("The app's explanations are reproduced here to rounding.")
    return phi, base


EXPLAINER_PATH = os.path.join(BUNDLE_DIR, '${BUNDLE_FILES.explainer}')
if os.path.exists(EXPLAINER_PATH):
    reproduced = reproduce_explanations(EXPLAINER_PATH)
else:
    print(f'No ${BUNDLE_FILES.explainer} in {os.path.abspath(BUNDLE_DIR)}: this model was exported without its explanations.')
`;

/** Markdown + code: recompute the app's exact explanations from explainer.json and compare (fails when they differ). */
export function explainCells(): NotebookCell[] {
  return [
    markdownCell(`
## Reproduce the app's explanations

For each prediction the app says how much every column pushed it up or down (SHAP values: contributions that add
up, with a base value, to the model's output). \`${BUNDLE_FILES.explainer}\` holds everything those numbers come
from: the fitted trees or coefficients, how many training rows reached each tree node (or the training means, for a
linear model), and a few test rows with the app's own contributions.

This cell recomputes those rows' contributions in plain Python and numpy (TreeSHAP for trees, the exact linear
formula for linear models) and compares them with the app's. It stops with an error if they differ beyond rounding.
`),
    codeCell(REPRODUCE),
  ];
}
