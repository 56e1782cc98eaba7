import { SPARSE_FAMILIES, styleOf, type TrainableFamily } from '../models/registry';

/**
 * How far (on the person's metric, oriented so higher is better: accuracy, F1) a tree model may finish below the
 * best text linear model out of fold before trees are given up on a table of text alone.
 */
export const TEXT_TREE_MARGIN = 0.02;

/**
 * On a table whose only features are text, trees read a dense unigram TF-IDF of at most 1,500 terms where the linear
 * models read tens of thousands of word and char n-grams, and a boosted model costs many linear fits (12 languages,
 * 2,150 UI messages: boosting spent 30 of 60 CPU s for 0.42 accuracy against 0.80). True once a finished tree model
 * scored more than TEXT_TREE_MARGIN below the best sparse linear model: the remaining tree configurations are then
 * dropped and random search draws no trees.
 */
export function treesOutclassed(finished: Array<{ family: TrainableFamily; score: number }>): boolean {
  let tree = -Infinity;
  let linear = -Infinity;
  for (const f of finished) {
    if (!Number.isFinite(f.score)) continue;
    if (styleOf(f.family) === 'tree') tree = Math.max(tree, f.score);
    else if (SPARSE_FAMILIES.has(f.family)) linear = Math.max(linear, f.score);
  }
  return tree > -Infinity && linear > -Infinity && tree < linear - TEXT_TREE_MARGIN;
}
