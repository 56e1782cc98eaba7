import { contextFor } from '../../src-main/engine/intent/fixtures/phrasing-eval';
import { weighWords } from '../../src-main/engine/intent/goal-words';
import { matchColumns } from '../../src-main/engine/intent/target-match';
import { parseGoal } from '../../src-main/engine/intent/parse-goal';
const [data, goal] = process.argv.slice(2);
const ctx = contextFor(data);
const w = weighWords(goal);
console.log(w.map((x) => `${x.word}:${x.weight.toFixed(2)}`).join(' '));
for (const m of matchColumns(w, ctx?.columns ?? [], goal).slice(0, 5))
  console.log(m.score.toFixed(3), m.column.name, m.via, m.why);
const i = parseGoal(goal, ctx);
console.log(
  i.task,
  i.target,
  i.confidence,
  i.why,
  JSON.stringify(i.missingColumn),
  i.alternatives.map((a) => `${a.task}:${a.target}:${a.confidence}`).join(' | '),
);
