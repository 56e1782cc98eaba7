import { describe, expect, it } from 'vitest';
import { DEFAULT_MONITOR_SETTINGS, type BatchSummary, type MonitorAlert, type MonitorState } from '@shared/monitor';
import { monitoringSection } from './monitoring';
import { DAY_MS } from '@shared/time';

const t0 = Date.UTC(2026, 10, 2);

function batch(i: number, psi: number, role: BatchSummary['role'] = 'champion'): BatchSummary {
  return {
    batchId: `b${i}${role}`,
    version: role === 'champion' ? 1 : 2,
    role,
    at: t0 + i * DAY_MS,
    source: 'app',
    fileName: `week-${i}.csv`,
    rows: 1000 + i,
    logged: 'all',
    stats: [],
    drift: [
      { feature: 'tenure', kind: 'numeric', psi, missingRate: 0, trainingMissingRate: 0, level: 'ok', reasons: [] },
    ],
    prediction: { psi: 0.01, level: 'ok' },
    level: psi > 0.25 ? 'alert' : 'ok',
    small: false,
  };
}

const alert = (closedAt?: number): MonitorAlert => ({
  alertId: `a${closedAt ?? 0}`,
  modelId: 'churn',
  version: 1,
  kind: 'drift',
  subject: 'tenure',
  value: 0.9,
  threshold: 0.25,
  message: "'tenure' has drifted <fast>",
  batchId: 'b2champion',
  openedAt: t0 + 2 * DAY_MS,
  ...(closedAt ? { closedAt, closedReason: 'back within the lines' } : {}),
});

function state(over: Partial<MonitorState> = {}): MonitorState {
  return {
    modelId: 'churn',
    activeVersion: 1,
    versions: [1, 2],
    task: 'classification',
    target: 'churned',
    monitored: true,
    metric: 'accuracy',
    trainingLevel: 0.8,
    features: ['tenure'],
    settings: DEFAULT_MONITOR_SETTINGS,
    batches: [batch(1, 0.02), batch(2, 0.9), batch(2, 0.9, 'shadow'), batch(3, 0.03)],
    evaluations: [
      {
        version: 1,
        matched: 300,
        perBatch: [1, 3].map((i) => ({
          key: `b${i}`,
          at: t0 + i * DAY_MS,
          version: 1,
          n: 150,
          metrics: { accuracy: 0.7 },
        })),
        perWeek: [],
        errors: [],
        calibration: null,
      },
    ],
    alerts: [],
    closedAlerts: [alert(t0 + 3 * DAY_MS)],
    history: [{ at: t0, version: 2, from: 1, kind: 'candidate', reason: 'Challenger v2 is worse.' }],
    challenges: [],
    shadows: [
      {
        version: 2,
        metric: 'accuracy',
        agreementKind: 'same-label',
        batches: 1,
        rows: 1002,
        agreement: 0.9,
        matched: 0,
        champion: null,
        shadow: null,
        perBatch: [],
      },
    ],
    log: { rows: 4000, bytes: 1, batches: 4 },
    ...over,
  };
}

describe('report: monitoring history', () => {
  it('shows volume, live metric, drift, every alert, version changes and shadows, escaped', () => {
    const html = monitoringSection(state())!;
    // The shadow batch is not counted as scored rows of the model in use.
    expect(html).toContain('3 batches and 3,006 rows scored from 2026-11-03 00:00 to 2026-11-05 00:00 UTC');
    expect(html.match(/<svg/g)).toHaveLength(3);
    expect(html).toContain('Live Accuracy of version 1 on 300 rows');
    expect(html).toContain('&#39;tenure&#39; has drifted &lt;fast&gt;');
    expect(html).not.toContain('<fast>');
    expect(html).toContain('2026-11-05 00:00: back within the lines');
    expect(html).toContain('Challenger v2 is worse.');
    expect(html).toContain(
      'Shadow version 2: 1,002 rows scored beside the active version; same label on 90.0% of them.',
    );
  });

  it('says when no outcome came back, and is left out when nothing was logged', () => {
    const html = monitoringSection(state({ evaluations: [], closedAlerts: [], alerts: [alert()] }))!;
    expect(html).toContain('No true outcomes came back yet');
    expect(html).toMatch(/<td>open<\/td>/);
    expect(monitoringSection(state({ batches: [], history: [] }))).toBeNull();
  });
});
