import { correlationSpec, missingnessSpec, targetSpec } from '@shared/charts';
import { profileAsWritten } from '@shared/column-names';
import { useEffect, useMemo, useState } from 'react';
import { Chart } from '../../components/Chart';
import { Working } from '../../components/Spinner';
import { draftFrom, intentEdits, type IntentDraft } from '../goal/intent-draft';
import { IntentEditor } from '../goal/IntentEditor';
import { ConfirmButton, StageShell } from '../project/StageShell';
import { useProjectStore } from '../project/store';
import { ColumnTable } from './ColumnTable';
import { SummaryCards } from './SummaryCards';
import { t } from '../../strings';

/** PROFILE_DATA: what the data looks like, what might go wrong, and a last chance to fix the target. */
export function ProfilePanel() {
  const profile = useProjectStore((s) => s.project?.profile);
  const intent = useProjectStore((s) => s.project?.intent);
  const status = useProjectStore((s) => s.project?.stages.PROFILE_DATA.status);
  const busy = useProjectStore((s) => s.busy !== null);
  const confirm = useProjectStore((s) => s.confirm);
  const [draft, setDraft] = useState<IntentDraft | null>(intent ? draftFrom(intent) : null);
  useEffect(() => setDraft(intent ? draftFrom(intent) : null), [intent]);

  // An image set is profiled as its classes only (no columns).
  const images = profile !== undefined && profile.columns.length === 0 && intent?.task === 'image';
  const charts = useMemo(() => {
    if (!profile) return null;
    // Charts name columns as the file writes them ('price' beside 'Price', not the app's 'price_1').
    const shown = profileAsWritten(profile);
    const target = shown.target ? targetSpec(shown.target) : null;
    return {
      target:
        images && target?.kind === 'bar'
          ? { ...target, title: t.profile.imagesPerClass, y: { ...target.y, label: t.profile.images } }
          : target,
      missing: shown.columns.some((c) => c.missingPct > 0) ? missingnessSpec(shown.columns) : null,
      correlations: shown.correlations.length > 0 ? correlationSpec(shown) : null,
    };
  }, [profile, images]);
  const edits = intent && draft ? intentEdits(intent, draft) : {};
  const changed = Object.keys(edits).length > 0;

  return (
    <StageShell
      stage="PROFILE_DATA"
      title={t.profile.title}
      lede={images ? t.profile.ledeImages : t.profile.lede}
      runningText={images ? t.profile.countingImages : t.profile.running}
      actions={
        status === 'waiting_confirmation' && (
          <ConfirmButton
            stage="PROFILE_DATA"
            label={changed ? t.profile.again : t.data.continue}
            onClick={() => void confirm('PROFILE_DATA', edits)}
          />
        )
      }
    >
      {/* The stage status arrives before the refetched profile: say so instead of an empty page. */}
      {!profile && status === 'waiting_confirmation' && <Working text={t.profile.loading} />}
      {profile && (status === 'waiting_confirmation' || status === 'done') && (
        <div className="profile" data-testid="profile">
          <SummaryCards
            profile={profile}
            target={intent?.target ?? null}
            textColumn={intent?.task === 'sentiment' ? (intent.textColumn ?? null) : null}
          />
          {profile.warnings.length > 0 && (
            <ul className="warnings" data-testid="profile-warnings" aria-label={t.profile.warnings}>
              {profile.warnings.map((w, i) => (
                <li key={i}>{w}</li>
              ))}
            </ul>
          )}
          {intent && draft && (
            <section className="card" aria-labelledby="target-fix-title">
              <h2 id="target-fix-title" className="card-title">
                {t.profile.taskAndTarget}
              </h2>
              <IntentEditor
                intent={intent}
                draft={draft}
                onChange={setDraft}
                columns={profile.columns}
                disabled={busy || status === 'done'}
                period={profile.columns.find((c) => c.name === draft.date)?.period ?? null}
              />
            </section>
          )}
          <div className="chart-grid">
            {/* Alone in its row (no missing values to chart), the target's chart takes the whole row. */}
            {charts?.target && (
              <Chart
                spec={charts.target}
                testId="chart-target"
                className={charts.missing ? 'card' : 'card wide'}
                aspect={charts.missing ? undefined : 0.3}
              />
            )}
            {charts?.missing && <Chart spec={charts.missing} testId="chart-missing" className="card" />}
            {charts?.correlations && (
              <Chart
                spec={charts.correlations}
                testId="chart-correlations"
                className="card wide"
                aspect={Math.min(0.5, 0.14 + charts.correlations.rows.length * 0.04)}
              />
            )}
          </div>
          {profile.columns.length > 0 && <ColumnTable columns={profile.columns} target={intent?.target ?? null} />}
        </div>
      )}
    </StageShell>
  );
}
