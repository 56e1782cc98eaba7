/**
 * A zod schema of FittedPipeline (types.ts), for pipelines read from files a person hands over (a bundle's
 * explainer.json): the shape is checked before any code walks it. `satisfies` keeps the schema in step with the types.
 */
import { z } from 'zod';
import type { FeatureStep, FittedModel, FittedPipeline, InputSpec, SinglePipeline, Tree } from './types';
import { DATE_PARTS } from '../preprocess/datetime';

const num = z.number();
const nums = z.array(num);
const link = z.enum(['identity', 'logistic', 'softmax']);
const task = z.enum(['regression', 'binary', 'multiclass']);

const input = z.object({
  name: z.string(),
  kind: z.enum(['numeric', 'categorical', 'text', 'datetime', 'boolean']),
}) satisfies z.ZodType<InputSpec>;

const step = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('numeric'),
    column: z.string(),
    impute: num,
    center: num,
    scale: num,
    indicator: z.boolean(),
  }),
  z.object({ kind: z.literal('spline'), column: z.string(), impute: num, center: num, scale: num, knots: nums }),
  z.object({ kind: z.literal('onehot'), column: z.string(), categories: z.array(z.string()) }),
  z.object({ kind: z.literal('ordinal'), column: z.string(), categories: z.array(z.string()) }),
  z.object({
    kind: z.literal('target'),
    column: z.string(),
    categories: z.array(z.string()),
    values: z.array(nums),
    fallback: nums,
  }),
  z.object({
    kind: z.literal('datetime'),
    column: z.string(),
    parts: z.array(z.enum(DATE_PARTS)),
  }),
  z.object({
    kind: z.literal('tfidf'),
    column: z.string(),
    vocabulary: z.array(z.string()),
    idf: nums,
    ngram: z.tuple([num, num]),
    analyzer: z.enum(['word', 'char_wb']).optional(),
    sublinear: z.boolean().optional(),
    maxTokens: num.optional(),
    tokens: z.enum(['ascii', 'unicode']).optional(),
  }),
]) satisfies z.ZodType<FeatureStep>;

const tree = z.object({
  feature: nums,
  threshold: nums,
  missingLeft: z.array(z.boolean()),
  left: nums,
  right: nums,
  values: z.array(nums),
}) satisfies z.ZodType<Tree>;

const model = z.union([
  z.object({
    family: z.enum(['linear', 'ridge', 'lasso', 'elasticnet', 'polynomial', 'logistic', 'svm']),
    polynomialDegree: z.union([z.literal(1), z.literal(2)]).optional(),
    coef: z.array(nums),
    intercept: nums,
    link,
  }),
  z.object({
    family: z.enum(['gradient_boosting', 'random_forest', 'extra_trees']),
    trees: z.array(tree),
    aggregate: z.enum(['sum', 'mean']),
    baseScore: nums,
    link,
  }),
  z.object({
    family: z.literal('mlp'),
    layers: z.array(z.object({ weights: z.array(nums), bias: nums, activation: z.enum(['relu', 'tanh', 'linear']) })),
    link,
    yCenter: num.optional(),
    yScale: num.optional(),
  }),
  z.object({
    family: z.literal('kernel'),
    gamma: num,
    landmarks: z.array(nums),
    weights: z.array(nums),
    bias: nums,
    link,
  }),
  z.object({
    family: z.literal('naive_bayes'),
    kind: z.enum(['gaussian', 'multinomial']),
    classLogPrior: nums,
    means: z.array(nums),
    variances: z.array(nums).optional(),
  }),
]) satisfies z.ZodType<FittedModel>;

const head = {
  task,
  target: z.string(),
  classes: z.array(z.string()).optional(),
  inputs: z.array(input),
  decisionThreshold: z.number().gt(0).lt(1).optional(),
};

const single = z.object({
  kind: z.literal('single'),
  ...head,
  steps: z.array(step),
  featureNames: z.array(z.string()),
  model,
  targetTransform: z.object({ kind: z.literal('log'), shift: num, factor: num, low: num, high: num }).optional(),
}) satisfies z.ZodType<SinglePipeline>;

export const pipelineSchema = z.discriminatedUnion('kind', [
  single,
  z.object({
    kind: z.literal('ensemble'),
    ...head,
    members: z.array(z.object({ weight: num, pipeline: single, bag: num.optional() })),
  }),
  z.object({
    kind: z.literal('stack'),
    ...head,
    bases: z.array(z.object({ pipelines: z.array(single) })),
    combiner: z.object({ coef: z.array(nums), intercept: nums, link, penalty: num.optional() }),
  }),
]) satisfies z.ZodType<FittedPipeline>;
