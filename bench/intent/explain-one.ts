/**
 * How the goal parser reads one sentence over one fixture dataset: the word weights, the best column matches with
 * why, and the final reading. A tool for working on the parser, not a benchmark.
 * Usage: npx tsx --tsconfig tsconfig.node.json bench/intent/explain-one.ts <dataset> "<goal>"
 *        (datasets: the keys of src-main/engine/intent/fixtures/profiled-contexts.json, or 'none')
 */
import { contextFor } from '../../src-main/engine/intent/fixtures/phrasing-eval';
import { weighWords } from '../../src-main/engine/intent/goal-words';
import { matchColumns } from '../../src-main/engine/intent/target-match';
import { parseGoal } from '../../src-main/engine/intent/parse-goal';

const [data, goal] = process.argv.slice(2);
if (!data || goal === undefined) {
  process.stderr.write('usage: explain-one.ts <dataset> "<goal>"\n');
  process.exit(2);
}
const ctx = contextFor(data);
const weighted = weighWords(goal);
process.stdout.write(`words: ${weighted.map((x) => `${x.word}:${x.weight.toFixed(2)}`).join(' ')}\n`);
for (const m of matchColumns(weighted, ctx?.columns ?? [], goal).slice(0, 5))
  process.stdout.write(`  ${m.score.toFixed(3)} ${m.column.name} (${m.via}) ${m.why}\n`);
const intent = parseGoal(goal, ctx);
process.stdout.write(`${JSON.stringify({ ...intent, explanation: undefined }, null, 1)}\n${intent.explanation}\n`);
