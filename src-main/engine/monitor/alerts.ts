/**
 * Alerts: drift or a metric drop past the person's line. One open alert per version, kind and subject (a later
 * batch updates it rather than opening another); a drift alert closes itself when a later batch big enough to
 * judge is back within the lines, and every open alert of a version closes when another version takes over.
 */
import { randomBytes } from 'node:crypto';
import type { BatchSummary, FeatureDrift, MonitorAlert, MonitorThresholds } from '@shared/monitor';
import { rowsOf, type LogConnection } from './log-db';

type Candidate = Pick<MonitorAlert, 'kind' | 'subject' | 'value' | 'threshold' | 'message'>;

/** The measure that crossed its line: PSI, else the unseen share, else the change of the missing share. */
function crossed(d: FeatureDrift, t: MonitorThresholds): { value: number; threshold: number } {
  if (d.psi !== null && d.psi >= t.psiAlert) return { value: d.psi, threshold: t.psiAlert };
  if (d.unseenShare !== undefined && d.unseenShare >= t.unseenAlert)
    return { value: d.unseenShare, threshold: t.unseenAlert };
  return { value: Math.abs(d.missingRate - d.trainingMissingRate), threshold: t.missingAlert };
}

function driftCandidates(summary: BatchSummary, t: MonitorThresholds): Candidate[] {
  const out: Candidate[] = [];
  for (const d of summary.drift) {
    if (d.level !== 'alert') continue;
    out.push({
      kind: 'drift',
      subject: d.feature,
      ...crossed(d, t),
      message: `'${d.feature}' has drifted from the training data: ${d.reasons.join('; ')}. Check where this data comes from; if the change is real, retrain on recent labelled data.`,
    });
  }
  if (summary.prediction.level === 'alert') {
    out.push({
      kind: 'prediction-drift',
      subject: 'predictions',
      value: summary.prediction.psi ?? 0,
      threshold: t.psiAlert,
      message: `The predictions' distribution has moved from the training target's (PSI ${(summary.prediction.psi ?? 0).toFixed(2)}). Bring the true outcomes to see whether the model is still right.`,
    });
  }
  return out;
}

export async function openAlertsOf(conn: LogConnection, version?: number): Promise<MonitorAlert[]> {
  const rows = await rowsOf(conn, `SELECT body FROM alerts WHERE open ORDER BY opened_at`);
  const alerts = rows.map((r) => JSON.parse(String(r.body)) as MonitorAlert);
  return version === undefined ? alerts : alerts.filter((a) => a.version === version);
}

export async function closedAlerts(conn: LogConnection, limit = 20): Promise<MonitorAlert[]> {
  const rows = await rowsOf(conn, `SELECT body FROM alerts WHERE NOT open ORDER BY opened_at DESC LIMIT ${limit}`);
  return rows.map((r) => JSON.parse(String(r.body)) as MonitorAlert);
}

async function store(conn: LogConnection, alert: MonitorAlert): Promise<void> {
  await conn.run(`INSERT OR REPLACE INTO alerts VALUES ($1, $2, $3, $4)`, [
    alert.alertId,
    alert.closedAt === undefined,
    alert.openedAt,
    JSON.stringify(alert),
  ]);
}

export async function closeAlert(conn: LogConnection, alert: MonitorAlert, reason: string, at = Date.now()) {
  await store(conn, { ...alert, closedAt: at, closedReason: reason });
}

/** Raises (or refreshes) the alerts of a candidate list; returns the ones newly opened. */
export async function raise(
  conn: LogConnection,
  modelId: string,
  version: number,
  batchId: string | null,
  at: number,
  candidates: Candidate[],
): Promise<MonitorAlert[]> {
  const open = await openAlertsOf(conn, version);
  const opened: MonitorAlert[] = [];
  for (const c of candidates) {
    const same = open.find((a) => a.kind === c.kind && a.subject === c.subject);
    if (same) {
      await store(conn, { ...same, ...c, batchId });
      continue;
    }
    const alert: MonitorAlert = {
      alertId: `a-${randomBytes(5).toString('hex')}`,
      modelId,
      version,
      ...c,
      batchId,
      openedAt: at,
    };
    await store(conn, alert);
    opened.push(alert);
  }
  return opened;
}

/** Alerts from a logged batch; drift alerts of subjects this batch found fine are closed. */
export async function openAlerts(
  conn: LogConnection,
  modelId: string,
  summary: BatchSummary,
  thresholds: MonitorThresholds,
): Promise<MonitorAlert[]> {
  const candidates = driftCandidates(summary, thresholds);
  if (!summary.small) {
    const fine = new Set(summary.drift.filter((d) => d.level === 'ok').map((d) => d.feature));
    if (summary.prediction.level === 'ok') fine.add('predictions');
    for (const a of await openAlertsOf(conn, summary.version)) {
      if ((a.kind === 'drift' || a.kind === 'prediction-drift') && fine.has(a.subject))
        await closeAlert(
          conn,
          a,
          `Batch ${summary.batchId} (${summary.rows} rows) is back within the lines.`,
          summary.at,
        );
    }
  }
  return raise(conn, modelId, summary.version, summary.batchId, summary.at, candidates);
}

/** Closes every open alert of versions other than `active` (another version took over). */
export async function closeForVersionChange(conn: LogConnection, active: number, at: number): Promise<void> {
  for (const a of await openAlertsOf(conn)) {
    if (a.version !== active) await closeAlert(conn, a, `Version ${active} replaced version ${a.version}.`, at);
  }
}
