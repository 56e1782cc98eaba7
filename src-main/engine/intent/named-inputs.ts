import type { NamedInputs } from '@shared/project';
import type { WeightedWord } from './goal-words';
import { matchColumns, type GoalColumn } from './target-match';
import { matchWord } from './word-match';
import { foldLetters, isStopWord, tokenize } from './words';

/** "without using x, y and z", "ignoring the dimensions", "except price": the columns listed are not inputs. */
const WITHOUT =
  /\b(?:without(?: using| the help of| looking at| considering)?|excluding|exclude|except(?: for)?|ignoring|ignore|not (?:using|counting|including|considering)|(?:do not|dont|never) use|leav(?:e|ing) out|other than|apart from|but not|sin(?: usar)?|excepto|ohne|ausser|sans|sauf|senza|tranne)\b/g;
/** "from carat and clarity", "using only age and gender", "based on X": the columns listed are the inputs. */
const ONLY =
  /\b(?:from|(?<!(?:dont|do not|never|not) )(?:using|uses?)|given|based on|via|in terms of|with (?:only|just)|usando|anhand|utilisant)\b/g;
/** A list ends at a clause border or where the sentence goes back to its task. */
const LIST_END =
  /[.;:!?()]|\b(?:without|excluding|except|ignoring|ignore|but|not|dont|never|leaving|leave|apart|other than|sin|ohne|sans|senza|predict\w*|predecir|estimar|vorhersag\w*|klassifiz\w*|prevoir|predire|forecast\w*|estimate|classify|to (?:predict|estimate|forecast|classify|tell|guess|know|see|find|work out|figure)|for|whether|if|will|is|are|does|do|which|what|who|when|where|so|then|in order|because)\b/;
/** List separators: "carat, cut and colour", "x/y/z", "age & sex". */
const SEPARATOR = /\s*(?:,|\band\b|\bor\b|\bnor\b|&|\+|\/|\bplus\b|\bas well as\b)\s*/;
/** "and"/"or" in Spanish, Italian, French and German: separators unless a column has that name (diamonds' `y`). */
const CONJUNCTIONS = ['y', 'e', 'o', 'et', 'ou', 'und', 'oder'];

function separatorFor(columns: GoalColumn[]): RegExp {
  const names = new Set(columns.map((c) => c.name.toLowerCase()));
  const words = CONJUNCTIONS.filter((w) => !names.has(w));
  return words.length ? new RegExp(`${SEPARATOR.source}|\\s+(?:${words.join('|')})\\s+`) : SEPARATOR;
}
/** Words that describe the list, not a column: "the columns x and y", "its dimensions", "only age". */
const FILLER = new Set(
  'only just the a an its their his her my our your columns column variables variable features feature fields field predictors predictor inputs input values value any all of'.split(
    ' ',
  ),
);
/** A column named by an item at least this well is taken as named (a root, an abbreviation or the name itself). */
const NAMED = 0.8;
/** In an inputs-only list, each word of an item must meet a word of the column's name at least this well. */
const COVERED = 0.7;

/**
 * The inputs a goal sentence names beside its target: "predict price FROM carat and clarity" (only those columns),
 * "WITHOUT USING x, y and z" / "ignoring depth" (not those). A list counts only when every item names a column
 * (so "from the other columns" or "using all the data" restrict nothing); the target and the date never count.
 */
export function namedInputs(goal: string, columns: GoalColumn[], keep: Array<string | null>): NamedInputs {
  const text = ` ${foldLetters(goal).toLowerCase().replace(/[’']/g, '')} `;
  const kept = new Set(keep.filter((k): k is string => !!k));
  const pick = (list: string[][] | null): string[] =>
    (list ?? []).flat().filter((c, i, all) => !kept.has(c) && all.indexOf(c) === i);
  const without = pick(lists(text, WITHOUT, columns, true));
  // "from ..." lists inputs only after the target was said: "from the sensor data, predict ..." is not a list.
  const only = pick(lists(text, ONLY, columns, false)).filter((c) => !without.includes(c));
  return { ...(only.length ? { only } : {}), ...(without.length ? { without } : {}) };
}

/**
 * The goal with its input lists cut out, for reading the task from its words: "Which party? Use age, gender and the
 * Europe score only." asks for a class; the "score" it lists as an input is no regression cue.
 */
export function withoutInputLists(goal: string): string {
  const text = ` ${foldLetters(goal).toLowerCase().replace(/[’']/g, '')} `;
  let out = text;
  for (const marker of [WITHOUT, ONLY])
    for (const m of text.matchAll(marker)) {
      const start = (m.index ?? 0) + m[0].length;
      const end = LIST_END.exec(text.slice(start));
      const span = text.slice(start, end ? start + end.index : undefined);
      if (span.trim()) out = out.replace(span, ' ');
    }
  return out.trim();
}

/** The columns each marked list names; with `partial` a list keeps the items that name a column, else all must. */
function lists(text: string, marker: RegExp, columns: GoalColumn[], partial: boolean): string[][] | null {
  const out: string[][] = [];
  for (const m of text.matchAll(marker)) {
    const start = (m.index ?? 0) + m[0].length;
    const rest = text.slice(start);
    const end = LIST_END.exec(rest);
    const span = rest.slice(0, end ? end.index : undefined);
    const items = span.split(separatorFor(columns)).map((s) => s.trim());
    const named = items.map((item) => itemColumns(item, columns, !partial));
    const said = items.filter((item) => tokenize(item).some((w) => !FILLER.has(w) && !isStopWord(w)));
    if (!said.length) continue;
    if (!partial && named.some((cols, i) => cols.length === 0 && said.includes(items[i]))) continue;
    out.push(named.flat());
  }
  return out.length ? out : null;
}

/**
 * The columns one list item names: the item as one name ("economic cond national"), else each of its words.
 * With `exact` (a list of the only inputs, which drops every other column) every word of the item must be said by
 * the column: "from last year" is not the column `year`, "from their usage data" is not the column `usage`.
 */
function itemColumns(item: string, columns: GoalColumn[], exact: boolean): string[] {
  // "V2 to V5", "x through z", "Blair-Kennedy": every column from the first to the last, in the file's order.
  const range = RANGE.exec(item);
  if (range) {
    const ends = [range[1], range[2]].map((end) => itemColumns(end, columns, exact));
    const [i, j] = ends.map((end) => (end.length === 1 ? columns.findIndex((c) => c.name === end[0]) : -1));
    if (i >= 0 && j >= 0) return columns.slice(Math.min(i, j), Math.max(i, j) + 1).map((c) => c.name);
  }
  const words = tokenize(item).filter((w) => !FILLER.has(w));
  if (!words.length) return [];
  const whole = best(words, columns);
  if (whole && (!exact || covers(whole, words))) return [whole];
  // "the dimensions x y z": each word that is a column's whole name.
  const each = words.map((w) => columns.filter((c) => tokenize(c.name).join(' ') === w).map((c) => c.name));
  if (exact && each.some((cols) => cols.length === 0)) return [];
  return each.flat();
}

const RANGE = /^(.+?)\s*(?:\bto\b|\bthrough\b|\bthru\b|\.\.|–)\s*(.+)$/;

/** Whether the column's name, digits aside, is the words run together (`schoolid3` = "school id"). */
function isRunOf(column: string, words: string[]): boolean {
  const letters = tokenize(column).filter((w) => !/^\d+$/.test(w));
  return words.length > 1 && letters.join('') === words.join('');
}

/** Whether every word meets a word of the column's name (colour ~ color, cond ~ condition), or they run into it. */
function covers(column: string, words: string[]): boolean {
  if (isRunOf(column, words)) return true;
  const own = tokenize(column);
  return words.every((w) => own.some((c) => (matchWord(c, w)?.score ?? 0) >= COVERED));
}

function best(words: string[], columns: GoalColumn[]): string | null {
  const weighted: WeightedWord[] = words.map((word, index) => ({ word, weight: 1, index }));
  const named = matchColumns(weighted, columns, words.join(' ')).filter((m) => m.via === 'name');
  // "the school id columns": `schoolid3` says both words, `school3` only the first (and scored higher by its prefix).
  // "the school id columns": `schoolid3` is both words run together, `school3` only the first (scored higher).
  const run = words.length > 1 ? named.find((m) => m.score > 0 && isRunOf(m.column.name, words)) : null;
  if (run) return run.column.name;
  const [first, second] = named;
  if (!first || first.score < NAMED) return null;
  // Two columns equally named ("age" for age_mother and age_father) is not one column named.
  if (second && second.score >= first.score - 0.05) return null;
  return first.column.name;
}
