/**
 * Accuracy of the goal parser on the phrasing table: the tuning part and the held-out part (never tuned on).
 * Prints both shares; `--misses` lists the tuning part's misses only (the held-out part's are never printed).
 * Usage: npx tsx --tsconfig tsconfig.node.json bench/intent/index.ts [--misses]
 */
import { scorePhrasings } from '../../src-main/engine/intent/fixtures/phrasing-eval';
import { HELD_OUT } from '../../src-main/engine/intent/phrasing-heldout';
import { PHRASINGS } from '../../src-main/engine/intent/phrasing-table';

const pct = (r: number, t: number): string => `${((100 * r) / t).toFixed(1)}% (${r}/${t})`;
const tuning = scorePhrasings(PHRASINGS);
const held = scorePhrasings(HELD_OUT);
const datasets = new Set([...PHRASINGS, ...HELD_OUT].map((p) => p.data).filter((d) => d !== 'none'));
process.stdout.write(`phrasings: ${PHRASINGS.length + HELD_OUT.length} over ${datasets.size} datasets\n`);
process.stdout.write(`tuning   task+target: ${pct(tuning.right, tuning.total)}\n`);
process.stdout.write(`held-out task+target: ${pct(held.right, held.total)}\n`);
if (process.argv.includes('--misses')) {
  for (const r of tuning.results.filter((x) => x.wrong))
    process.stdout.write(`  ${r.phrasing.data}: "${r.phrasing.goal}" -> ${r.wrong}\n`);
}
