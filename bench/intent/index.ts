/**
 * Accuracy of the goal parser on the phrasing table: the tuning part and the held-out part (never tuned on).
 * Prints both shares; `--misses` lists the tuning part's misses only (the held-out part's are never printed).
 * Usage: npx tsx --tsconfig tsconfig.node.json bench/intent/index.ts [--misses]
 */
import { scorePhrasings, type Scored } from '../../src-main/engine/intent/fixtures/phrasing-eval';
import { CONFIDENT } from '../../src-main/engine/intent/parse-goal';
import { HELD_OUT } from '../../src-main/engine/intent/phrasing-heldout';
import { PHRASINGS } from '../../src-main/engine/intent/phrasing-table';

const pct = (r: number, t: number): string => `${((100 * r) / t).toFixed(1)}% (${r}/${t})`;
const tuning = scorePhrasings(PHRASINGS);
const held = scorePhrasings(HELD_OUT);
const datasets = new Set([...PHRASINGS, ...HELD_OUT].map((p) => p.data).filter((d) => d !== 'none'));
process.stdout.write(`phrasings: ${PHRASINGS.length + HELD_OUT.length} over ${datasets.size} datasets\n`);
process.stdout.write(`tuning   task+target: ${pct(tuning.right, tuning.total)}\n`);
process.stdout.write(`held-out task+target: ${pct(held.right, held.total)}\n`);
// Calibration: a reading at or above CONFIDENT goes ahead without the screens asking, so a wrong one there costs most.
const calibration = (name: string, rs: Scored[]): void => {
  const sure = rs.filter((r) => r.intent.confidence >= CONFIDENT);
  const unsure = rs.filter((r) => r.intent.confidence < CONFIDENT);
  const wrong = (xs: Scored[]): number => xs.filter((r) => r.wrong).length;
  process.stdout.write(
    `${name} confident (>= ${CONFIDENT}): ${sure.length - wrong(sure)}/${sure.length} right; asked (< ${CONFIDENT}): ` +
      `${unsure.length - wrong(unsure)}/${unsure.length} right\n`,
  );
};
calibration('tuning  ', tuning.results);
calibration('held-out', held.results);
if (process.argv.includes('--misses')) {
  for (const r of tuning.results.filter((x) => x.wrong))
    process.stdout.write(`  ${r.phrasing.data}: "${r.phrasing.goal}" -> ${r.wrong} (${r.intent.confidence})\n`);
}
