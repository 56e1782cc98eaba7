/** `automl monitor | feedback | rollback` (issue 15): the model's monitoring state, outcomes, version changes. */
import { resolve } from 'node:path';
import { stat } from 'node:fs/promises';
import { CodedError } from '@shared/errors';
import type { ChallengeResult, ChallengeScore, FeedbackReport, MonitorState, ShadowComparison } from '@shared/monitor';
import { APP_VERSION } from '../services/app/version';
import { MonitorService } from '../services/monitor/monitor-service';
import type { CliContext } from './cli-context';
import type { RunFlags } from './args';

/** Exit status of `automl monitor` while an alert is open (a scheduled job can act on it). */
export const ALERT_EXIT = 3;

async function existing(path: string): Promise<string> {
  const full = resolve(path);
  if (!(await stat(full).catch(() => null)))
    throw new CodedError('file-not-found', `No file at ${full}. Check the path.`);
  return full;
}

export async function monitorCommand(
  ctx: Pick<CliContext, 'dataDir'>,
  modelId: string,
  flags: Pick<RunFlags, 'shadow'> = {},
): Promise<MonitorState> {
  const service = new MonitorService(ctx.dataDir);
  if (flags.shadow !== undefined) return service.update(modelId, { shadowVersion: flags.shadow });
  return service.state(modelId);
}

export async function feedbackCommand(
  ctx: Pick<CliContext, 'dataDir'>,
  modelId: string,
  file: string,
  flags: Pick<RunFlags, 'outcome'>,
): Promise<{ report: FeedbackReport; state: MonitorState }> {
  return new MonitorService(ctx.dataDir).feedback(modelId, await existing(file), flags.outcome);
}

export async function rollbackCommand(
  ctx: Pick<CliContext, 'dataDir'>,
  modelId: string,
  version: string | undefined,
  flags: Pick<RunFlags, 'reason'>,
): Promise<MonitorState> {
  const v = version === undefined ? undefined : Number(version);
  if (v !== undefined && (!Number.isInteger(v) || v < 1))
    throw new CodedError('invalid-input', `The version must be a whole number like 2, not '${version}'.`);
  return new MonitorService(ctx.dataDir).rollback(modelId, v, flags.reason);
}

/** Ctrl-C (`ctx.signal`) stops the challenger's training: nothing is registered and the active version stays. */
export async function retrainCommand(
  ctx: Pick<CliContext, 'dataDir' | 'jobs'> & Partial<Pick<CliContext, 'signal' | 'report'>>,
  modelId: string,
  file: string,
  flags: Pick<RunFlags, 'mode' | 'margin' | 'budget'>,
): Promise<{ result: ChallengeResult; state: MonitorState }> {
  const service = new MonitorService(ctx.dataDir);
  if (flags.margin !== undefined) await service.update(modelId, { promoteMarginPct: flags.margin });
  const data = await existing(file);
  const mode = flags.mode ?? 'append';
  return service.retrain(ctx.jobs, modelId, data, mode, APP_VERSION, flags.budget, ctx.signal, ctx.report);
}

export function describeChallenge(r: ChallengeResult): string {
  const row = (name: string, s: ChallengeScore) =>
    `  ${name.padEnd(11)} v${s.version}: ${r.metric} ${num(s.window)} on the ${r.windowRows} newest rows, ${num(s.holdout)} on the original holdout`;
  return [row('champion', r.champion), row('challenger', r.challenger), r.reason].join('\n');
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const num = (x: number | null | undefined) => (x === null || x === undefined ? '-' : x.toPrecision(4));

/** `automl monitor` for a person. */
export function describeMonitor(s: MonitorState): string {
  const lines = [
    `${s.modelId}: version ${s.activeVersion} active (${s.task}${s.target ? `, target ${s.target}` : ''})`,
  ];
  if (!s.monitored) return [...lines, s.reason ?? ''].join('\n');
  lines.push(
    `Log: ${s.log.batches} batches, ${s.log.rows} rows kept, ${(s.log.bytes / 1e6).toFixed(1)} MB`,
    `Training ${s.metric}: ${num(s.trainingLevel)}`,
  );
  const ev = s.evaluations.find((e) => e.version === s.activeVersion);
  const last = ev?.perWeek[ev.perWeek.length - 1];
  if (last) lines.push(`Live ${s.metric}, week of ${last.key}: ${num(last.metrics[s.metric])} on ${last.n} rows`);
  for (const b of s.batches.slice(-5)) {
    const worst = b.drift.filter((d) => d.level !== 'ok').map((d) => `${d.feature} ${d.level}`);
    lines.push(
      `  ${new Date(b.at).toISOString().slice(0, 16)} ${b.fileName} ${b.rows} rows v${b.version} ${b.level}${worst.length ? `: ${worst.join(', ')}` : ''}`,
    );
  }
  if (s.settings.shadowVersion !== null)
    lines.push(`Shadow mode: version ${s.settings.shadowVersion} scores every batch beside the active version.`);
  for (const c of s.shadows) lines.push(describeShadow(c));
  lines.push(s.alerts.length ? `Open alerts (${s.alerts.length}):` : 'No open alerts.');
  for (const a of s.alerts) lines.push(`  ! ${a.message}`);
  return lines.join('\n');
}

/** A shadow version beside the active versions, on the same rows. */
export function describeShadow(c: ShadowComparison): string {
  const agree =
    c.agreementKind === 'same-label'
      ? `same label on ${pct(c.agreement)}`
      : `mean absolute difference ${num(c.agreement)}`;
  const versions = [...new Set(c.perBatch.map((p) => p.championVersion))].map((v) => `v${v}`).join(', ');
  const scores = c.matched
    ? `${c.metric} on the ${c.matched} rows with outcomes: active ${num(c.champion)}, shadow ${num(c.shadow)}`
    : 'no outcomes for these rows yet';
  return `Shadow v${c.version} beside ${versions}: ${c.batches} batches, ${c.rows} rows, ${agree}; ${scores}.`;
}

export function describeFeedback(r: FeedbackReport): string {
  const lines = [
    `${r.received} outcome rows read (column '${r.outcomeColumn}', matched by ${r.keyBy}): ${r.matched} matched a logged prediction.`,
  ];
  if (r.empty) lines.push(`${r.empty} rows had no outcome and were skipped.`);
  if (r.unmatched)
    lines.push(
      `${r.unmatched} did not match (${pct(r.unmatched / Math.max(1, r.received))}): ${r.unmatchedKeys.join(', ')}${r.unmatched > r.unmatchedKeys.length ? ', …' : ''}`,
      r.unmatchedHint ?? '',
    );
  return lines.filter(Boolean).join('\n');
}
