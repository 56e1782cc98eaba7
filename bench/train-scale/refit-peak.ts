/**
 * Peak memory of the all-rows refit at scale (issue 17.5), without the search before it: on a 10M-row table a
 * random forest's search fit takes ~75-115 CPU-s on the 168k-row sample, so its refit is priced at ~1.5-2 CPU-hours
 * and a whole trainTabular run that reaches it does not fit a bench slot on the shared machine. This builds the
 * training data as trainTabular does (frame, plan, target, split with the search sample) and calls fitOn on all
 * training rows, as refitOnAllRows does, with a deadline: the fit stops after the trees grown by then (every array
 * of the fit is allocated before the first tree and reused per tree). Prints the peak RSS after each step.
 *
 *   AUTOML_BUDGET_CLOCK=cpu npx tsx --tsconfig tsconfig.node.json bench/train-scale/refit-peak.ts 10000000 \
 *     --families random_forest,gradient_boosting --seconds 120
 *
 * Needs the table kept by `bench/train-scale/index.ts N` (bench/.data/train-scale-N).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DataProfile } from '../../src-shared/project';
import { loadFrame } from '../../src-main/engine/frame/load-frame';
import { featureColumns, inputKindFor } from '../../src-main/engine/preprocess/fit-steps';
import type { InputKind } from '../../src-main/engine/pipeline/types';
import { defaultPlan } from '../../src-main/engine/tabular/plan';
import { prepareTarget } from '../../src-main/engine/tabular/target';
import { makeSplit } from '../../src-main/engine/tabular/split';
import { sampleForSearch } from '../../src-main/engine/tabular/search-sample';
import { fitOn, validationRows, type TrainData } from '../../src-main/engine/tabular/evaluate';
import { isTrainableFamily, type TrainableFamily } from '../../src-main/engine/models/registry';
import type { Params } from '../../src-main/engine/models/fit-types';
import { budgetNow } from '../../src-main/engine/util/budget-clock';
import { collectGarbage } from '../../src-main/engine/util/collect-garbage';
import { numberArg, sizesArg } from '../lib/timing';

const mb = (): number => Math.round(process.resourceUsage().maxRSS / 1024);
const rssNow = (): number => Math.round(process.memoryUsage.rss() / 2 ** 20);

async function main(): Promise<void> {
  const [rows] = sizesArg([10_000_000]);
  const seconds = numberArg('seconds', 120);
  const i = process.argv.indexOf('--families');
  const families = (i >= 0 ? process.argv[i + 1] : 'random_forest,gradient_boosting').split(',');
  const kept = join(__dirname, '..', '.data', `train-scale-${rows}`, 'prepared.json');
  const { dataPath, profile } = JSON.parse(readFileSync(kept, 'utf8')) as { dataPath: string; profile: DataProfile };
  const targetName = 'churned';
  const plan = defaultPlan(profile, { task: 'classification', target: targetName });
  const feats = featureColumns(plan).filter((c) => c.name !== targetName);
  const kinds: Record<string, InputKind> = Object.fromEntries(feats.map((c) => [c.name, inputKindFor(c)]));
  kinds[targetName] = 'categorical';
  const seed = 42;
  const frame = await loadFrame(dataPath, { columns: [...feats.map((c) => c.name), targetName], kinds });
  const target = prepareTarget(frame.get(targetName) as NonNullable<ReturnType<typeof frame.get>>, 'classification');
  const { split, sample } = sampleForSearch(
    makeSplit(target.rows, target.info, plan, seed),
    target.info,
    feats.length,
    {
      stratified: plan.validation.stratified,
      seed,
    },
  );
  const data: TrainData = {
    frame,
    plan: { ...plan, columns: plan.columns.filter((c) => c.name !== targetName) },
    target,
    targetName,
    split,
    valRows: validationRows(split),
    seed,
    hasText: false,
  };
  console.log(
    JSON.stringify({
      step: 'data',
      rows: target.rows.length,
      trainRows: split.train.length,
      searchRows: sample?.fitRows ?? null,
      maxRssMb: mb(),
      rssMb: rssNow(),
    }),
  );
  const params: Record<string, Params> = {
    random_forest: { n_estimators: 150 },
    gradient_boosting: { n_estimators: 300, learning_rate: 0.1, early_stopping: false },
  };
  for (const family of families) {
    if (!isTrainableFamily(family)) throw new Error(`unknown family ${family}`);
    // As trainTabular's refits after a sampled search: the previous refit's matrix is collected first.
    collectGarbage();
    console.log(JSON.stringify(await refit(data, family, params[family] ?? {}, seconds)));
  }
}

/**
 * One refit on all training rows; only figures leave this function, so nothing of the fit stays reachable (an async
 * caller holding the result across its next await would keep the whole matrix alive, as refitAll does not).
 */
async function refit(data: TrainData, family: TrainableFamily, params: Params, seconds: number): Promise<object> {
  const t0 = budgetNow();
  const fr = await fitOn(data, family, params, data.split.train, null, {
    signal: new AbortController().signal,
    deadline: t0 + seconds * 1000,
  });
  const m = fr.model;
  return {
    step: 'refit',
    family,
    fitRows: data.split.train.length,
    features: fr.prep.train.p,
    trees: 'trees' in m ? m.trees.length : null,
    cpuSeconds: Math.round((budgetNow() - t0) / 1000),
    maxRssMb: mb(),
    rssMb: rssNow(),
  };
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
