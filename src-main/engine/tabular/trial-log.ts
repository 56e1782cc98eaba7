import { createHash } from 'node:crypto';
import { appendFileSync, copyFileSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LeaderboardRow } from '@shared/project';
import { pipelineFile, TRIAL_LOG, trialPipelineFile } from '../artifacts/files';
import type { Config } from '../search/portfolio';
import type { SinglePipeline, EnsemblePipeline } from '../pipeline/types';
import type { Trial } from './evaluate';

/**
 * The search's memory (issue 18.2, "continue with more budget"): every finished trial, so that a later run on the
 * same data, plan and split starts from them instead of from scratch. `trials.jsonl` in the run's artifact folder:
 * a header line (what the trials are valid for) then one line per trial, appended as it finishes (a crash loses at
 * most the line being written; a torn last line is skipped on reading). A trial's pipeline is the run's own
 * `pipeline-<id>.json`; when a refit on all rows replaces that file, the search's fit is kept first as
 * `trial-<id>.json` (`keepSearchFit`), so the log never holds a second copy of every model.
 */
interface Header {
  kind: 'automl-trial-log';
  version: 1;
  /** Digest of everything the trials' scores depend on: task, target, metric, seed, plan, split, search rows. */
  key: string;
  /** Random-search batches drawn so far (the next batch's seed follows on). */
  searched: number;
}

interface Line {
  id: string;
  config: Config;
  row: LeaderboardRow;
  valPred: number[];
  testPred: number[];
  repeats: number;
  bestIteration?: number;
  fitSeconds: number;
}

/** A trial read back, ready to stand in the leaderboard and the ensemble as if this run had trained it. */
export interface SavedTrial {
  id: string;
  config: Config;
  row: LeaderboardRow;
  trial: Trial;
}

export interface SavedSearch {
  trials: SavedTrial[];
  searched: number;
}

/** The digest a log is valid for. Arrays of row indices are hashed as they are (order matters). */
export function trialKey(parts: Record<string, unknown>): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 32);
}

/**
 * The trials of the previous run in `dir` when its key matches; null when there is no log, it was made for other
 * data or settings, or it cannot be read (then the search starts from scratch, as before this feature).
 */
export function readTrialLog(dir: string, key: string): SavedSearch | null {
  const path = join(dir, TRIAL_LOG);
  if (!existsSync(path)) return null;
  const lines = readFileSync(path, 'utf8').split('\n');
  let header: Header;
  try {
    header = JSON.parse(lines[0]) as Header;
  } catch {
    return null;
  }
  if (header.kind !== 'automl-trial-log' || header.version !== 1 || header.key !== key) return null;
  const trials: SavedTrial[] = [];
  let searched = header.searched;
  for (const text of lines.slice(1)) {
    if (!text.trim()) continue;
    let line: Line | { searched: number };
    try {
      line = JSON.parse(text) as Line | { searched: number };
    } catch {
      continue; // the line a crash cut short
    }
    if (!('id' in line)) {
      searched = Math.max(searched, line.searched);
      continue;
    }
    const kept = join(dir, trialPipelineFile(line.id));
    const pipelinePath = existsSync(kept) ? kept : join(dir, pipelineFile(line.id));
    if (!existsSync(pipelinePath)) continue;
    const pipeline = JSON.parse(readFileSync(pipelinePath, 'utf8')) as SinglePipeline | EnsemblePipeline;
    trials.push({
      id: line.id,
      config: line.config,
      row: line.row,
      trial: {
        family: line.config.family,
        params: line.config.params,
        valPred: Float64Array.from(line.valPred),
        testPred: Float64Array.from(line.testPred),
        pipeline,
        repeats: line.repeats,
        ...(line.bestIteration !== undefined ? { bestIteration: line.bestIteration } : {}),
        fitSeconds: line.fitSeconds,
      },
    });
  }
  return { trials, searched };
}

/** Writes the log afresh: the header, then the trials carried over (when continuing); older kept fits go. */
export function startTrialLog(dir: string, key: string, carried: SavedSearch | null): void {
  const keep = new Set((carried?.trials ?? []).map((t) => trialPipelineFile(t.id)));
  for (const f of readdirSync(dir))
    if (f.startsWith('trial-') && f.endsWith('.json') && !keep.has(f)) rmSync(join(dir, f), { force: true });
  const header: Header = { kind: 'automl-trial-log', version: 1, key, searched: carried?.searched ?? 0 };
  const lines = [JSON.stringify(header), ...(carried?.trials ?? []).map((t) => JSON.stringify(lineOf(t)))];
  writeFileSync(join(dir, TRIAL_LOG), `${lines.join('\n')}\n`);
}

/** Appends one finished trial (after its `pipeline-<id>.json` was written, so a line never points at nothing). */
export function appendTrial(dir: string, saved: SavedTrial): void {
  appendFileSync(join(dir, TRIAL_LOG), `${JSON.stringify(lineOf(saved))}\n`);
}

/** Before a refit replaces `pipeline-<id>.json`: keeps the search's fit, which a continued search starts from. */
export function keepSearchFit(dir: string, id: string): void {
  const kept = join(dir, trialPipelineFile(id));
  const current = join(dir, pipelineFile(id));
  if (!existsSync(kept) && existsSync(current)) copyFileSync(current, kept);
}

/** Records that another random-search batch was drawn. */
export function appendSearched(dir: string, searched: number): void {
  appendFileSync(join(dir, TRIAL_LOG), `${JSON.stringify({ searched })}\n`);
}

function lineOf(t: SavedTrial): Line {
  return {
    id: t.id,
    config: t.config,
    row: t.row,
    valPred: Array.from(t.trial.valPred),
    testPred: Array.from(t.trial.testPred),
    repeats: t.trial.repeats,
    ...(t.trial.bestIteration !== undefined ? { bestIteration: t.trial.bestIteration } : {}),
    fitSeconds: t.trial.fitSeconds,
  };
}
