/**
 * `npm run fuzz -- --minutes N [--seed S] [--cases K] [--scale sample|default|full] [--full]`: malformed CSV/TSV/JSON/Parquet/zip/bundle inputs over
 * ingest, profile, image ingest and predict until the time is up; prints the case count and every finding.
 * Exit code 1 when any case ended uncoded, crashed, hung or ran out of memory.
 */
import { parseArgs } from 'node:util';
import { runFuzz, summarise } from '../src-main/fuzz/runner';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      minutes: { type: 'string', default: '5' },
      seed: { type: 'string' },
      cases: { type: 'string' },
      scale: { type: 'string', default: 'default' },
      full: { type: 'boolean', default: false },
    },
  });
  const scale = values.full ? 'full' : values.scale;
  if (scale !== 'sample' && scale !== 'default' && scale !== 'full')
    throw new Error('--scale is sample, default or full');
  const seed = values.seed ? Number(values.seed) : Date.now() % 1_000_000;
  const started = Date.now();
  let n = 0;
  console.log(
    `fuzz: seed ${seed}, ${values.cases ? `${values.cases} cases` : `${values.minutes} minutes`}, ${scale} sizes`,
  );
  const outcomes = await runFuzz({
    seed,
    minutes: values.cases ? undefined : Number(values.minutes),
    cases: values.cases ? Number(values.cases) : undefined,
    scale,
    onOutcome: (o) => {
      n++;
      if (o.status !== 'ok' && o.status !== 'coded')
        console.log(`  ${o.status} ${o.id} [${o.recipe.join(' ')}] ${o.message ?? ''}`.slice(0, 400));
      if (n % 50 === 0) console.log(`  ${n} cases, ${((Date.now() - started) / 60_000).toFixed(1)} min`);
    },
  });
  console.log(summarise(outcomes));
  process.exit(outcomes.some((o) => o.status !== 'ok' && o.status !== 'coded') ? 1 : 0);
}

void main();
