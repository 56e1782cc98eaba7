/**
 * "Monitoring history" (issue 15): how the model this version joins did in use, from its prediction log: rows scored
 * per batch, the live metric over time against the training level, drift per feature and batch, every alert (open
 * and closed), version changes, challenges and shadow comparisons. Charts are the Monitor screen's specs.
 */
import { driftSpec, formatMetric, metricLabel, metricSpec, shadowSpec, volumeSpec } from '@shared/charts';
import type { MonitorState } from '@shared/monitor';
import { formatDecimal } from '@shared/locale';
import { figure } from '../chart';
import { esc, note, num, table } from '../html';

const day = (at: number) => new Date(at).toISOString().slice(0, 16).replace('T', ' ');
const score = (m: string, v: number | null | undefined) => (v === null || v === undefined ? '–' : formatMetric(m, v));

/** Body of the section, or null when the model has no logged predictions (nothing to show). */
export function monitoringSection(s: MonitorState): string | null {
  const champion = s.batches.filter((b) => b.role === 'champion');
  if (!champion.length && !s.history.length) return null;
  const rows = champion.reduce((a, b) => a + b.rows, 0);
  const parts: string[] = [
    `<p>Model <code>${esc(s.modelId)}</code> was in use before this export: ${num(champion.length)} batch${champion.length === 1 ? '' : 'es'} and ${num(rows)} rows scored${champion.length ? ` from ${esc(day(champion[0].at))} to ${esc(day(champion[champion.length - 1].at))} UTC` : ''}, version ${s.activeVersion} active. The figures below come from its prediction log on this computer.</p>`,
  ];
  const figs: string[] = [];
  if (champion.length) figs.push(figure(volumeSpec(s.batches), { width: 460, height: 300 }));
  const ev = s.evaluations.find((e) => e.version === s.activeVersion) ?? s.evaluations[0];
  if (ev) {
    const perWeek = ev.perWeek.length > 1;
    figs.push(
      figure(metricSpec(s.metric, perWeek ? ev.perWeek : ev.perBatch, s.trainingLevel, perWeek ? 'week' : 'batch'), {
        width: 460,
        height: 300,
      }),
    );
  }
  if (champion.length)
    figs.push(
      figure(driftSpec(s.features, s.batches, s.settings.thresholds.psiAlert), {
        width: 960,
        height: Math.round(140 + 40 * s.features.length),
        wide: true,
      }),
    );
  for (const c of s.shadows)
    if (c.perBatch.length > 1) figs.push(figure(shadowSpec(c), { width: 960, height: 320, wide: true }));
  if (figs.length) parts.push(`<div class="grid">${figs.join('\n')}</div>`);
  if (ev)
    parts.push(
      `<p>Live ${esc(metricLabel(s.metric))} of version ${ev.version} on ${num(ev.matched)} rows whose outcome came back${ev.calibration ? `; calibration error ${esc(formatDecimal(ev.calibration.ece * 100, 1))}%` : ''}.${
        ev.errors.length
          ? ` It erred most where ${ev.errors
              .slice(0, 3)
              .map((e) => `${esc(e.feature)} is ${esc(e.segment)}`)
              .join('; ')}.`
          : ''
      }</p>`,
    );
  else parts.push(note('No true outcomes came back yet, so there is no live metric.'));

  const alerts = [...s.alerts, ...s.closedAlerts].sort((a, b) => a.openedAt - b.openedAt);
  parts.push(
    alerts.length
      ? `<h3>Alerts</h3>${table(
          ['Opened', 'Version', 'About', 'What happened', 'Closed'],
          alerts.map((a) => [
            esc(day(a.openedAt)),
            `v${a.version}`,
            esc(a.subject),
            esc(a.message),
            a.closedAt ? `${esc(day(a.closedAt))}${a.closedReason ? `: ${esc(a.closedReason)}` : ''}` : 'open',
          ]),
        )}`
      : note('No alert was raised.'),
  );
  if (s.history.length)
    parts.push(
      `<h3>Version changes</h3>${table(
        ['When', 'Version', 'Change', 'Reason'],
        s.history.map((h) => [
          esc(day(h.at)),
          `v${h.version}${h.from ? ` (from v${h.from})` : ''}`,
          esc(h.kind),
          esc(h.reason),
        ]),
      )}`,
    );
  if (s.challenges.length)
    parts.push(
      `<h3>Champion vs challenger</h3>${table(
        ['When', 'Champion', 'Challenger', 'Decision'],
        s.challenges.map((c) => [
          esc(day(c.at)),
          `v${c.champion.version}: ${esc(score(c.metric, c.champion.window))}`,
          `v${c.challenger.version}: ${esc(score(c.metric, c.challenger.window))}`,
          esc(c.reason),
        ]),
      )}`,
    );
  for (const c of s.shadows)
    parts.push(
      `<p>Shadow version ${c.version}: ${num(c.rows)} rows scored beside the active version; ${
        c.agreementKind === 'same-label'
          ? `same label on ${esc(formatDecimal(c.agreement * 100, 1))}% of them`
          : `mean absolute difference ${esc(num(c.agreement))}`
      }${c.matched ? `; ${esc(metricLabel(c.metric))} on the ${num(c.matched)} rows with outcomes: active ${esc(score(c.metric, c.champion))}, shadow ${esc(score(c.metric, c.shadow))}` : ''}.</p>`,
    );
  return parts.join('\n');
}
