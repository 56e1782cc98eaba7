import { shownName, type NamedColumn } from '@shared/column-names';
import type { ColumnProfile, Intent } from '@shared/project';
import { TASKS, type Task } from '@shared/tasks';
import { formatPercent } from '../../lib/format';
import { NEEDS_TARGET, type IntentDraft } from './intent-draft';
import { MissingColumn, ReadingChoices, readingsOf, Why } from './ReadingChoices';
import { t } from '../../strings';

const TARGET_LABEL = t.goal.targetLabel;
/** The select's value for every series combined (no series value is an empty string: the profile skips empty keys). */
const ALL_SERIES = '';

interface Props {
  intent: Intent;
  draft: IntentDraft;
  onChange: (draft: IntentDraft) => void;
  /** The columns when the data is known: the target becomes a choice instead of free text (shown as written). */
  columns?: readonly NamedColumn[];
  disabled?: boolean;
  /** The spacing of the date column once profiled ('day', 'month', ...): the horizon is counted in it. */
  period?: NonNullable<ColumnProfile['period']> | null;
}

/**
 * The parsed reading of the goal, every part of it correctable: why it was read so, a missing column named, and the
 * other readings (as choices with their reasons when unsure, as chips otherwise).
 */
export function IntentEditor({ intent, draft, onChange, columns, disabled, period }: Props) {
  const set = (patch: Partial<IntentDraft>) => onChange({ ...draft, ...patch });
  const shown = (name: string): string => shownName(columns, name);
  const sure = intent.confidence >= 0.6;
  // Sentiment reads a text column; the conductor takes it from `target` when the person picks one.
  const targetValue = draft.target ?? (draft.task === 'sentiment' ? (intent.textColumn ?? '') : '');
  return (
    <div className="intent" data-testid="intent">
      {intent.missingColumn && (
        <MissingColumn missing={intent.missingColumn} disabled={disabled} onPick={(target) => set({ target })} />
      )}
      <p className="intent-explanation" data-testid="intent-explanation">
        {intent.missingColumn
          ? intent.explanation.replace(/^No column called '[^']*'\.( Did you mean [^?]*\?)? /, '')
          : intent.explanation}
        <span
          className={`confidence ${sure ? 'is-sure' : 'is-unsure'}`}
          title={t.goal.sureTitle}
          data-testid="intent-confidence"
        >
          {sure ? t.goal.confident : t.goal.notSure} · {formatPercent(intent.confidence)}
        </span>
      </p>
      {intent.why && (
        <p className="intent-why muted" data-testid="intent-why">
          {t.goal.why} <Why text={intent.why} />
        </p>
      )}
      {intent.readBy === 'llm' && <p className="muted small">{t.goal.readByLlm}</p>}
      {intent.llmNote && (
        <p className="muted small" data-testid="intent-llm-note">
          {intent.llmNote}
        </p>
      )}
      {!sure &&
        (readingsOf(intent).length > 1 ? (
          <>
            <p className="hint">{t.goal.ambiguous}</p>
            <ReadingChoices
              intent={intent}
              draft={draft}
              disabled={disabled}
              columns={columns}
              onPick={(r) => set(r)}
            />
          </>
        ) : (
          // One reading only ("how will people vote" before the data): no choice to offer, only the task below.
          <p className="hint" data-testid="intent-unsure-alone">
            {columns ? t.goal.unsureAlone : t.goal.unsureBeforeData}
          </p>
        ))}
      <div className="field-grid">
        <label className="field">
          <span>{t.goal.task}</span>
          <select
            value={draft.task}
            disabled={disabled}
            onChange={(e) => set({ task: e.target.value as Task })}
            data-testid="intent-task"
          >
            {TASKS.map((task) => (
              <option key={task} value={task}>
                {t.tasks[task]}
              </option>
            ))}
          </select>
        </label>
        {TARGET_LABEL[draft.task] && (
          <label className="field">
            <span>{TARGET_LABEL[draft.task]}</span>
            {columns ? (
              <select
                value={targetValue}
                disabled={disabled}
                onChange={(e) => set({ target: e.target.value || null })}
                data-testid="intent-target"
              >
                <option value="">{NEEDS_TARGET.has(draft.task) ? t.goal.chooseColumn : t.goal.none}</option>
                {columns.map((c) => (
                  <option key={c.name} value={c.name}>
                    {c.written ?? c.name}
                  </option>
                ))}
              </select>
            ) : (
              <input
                type="text"
                value={targetValue}
                disabled={disabled}
                placeholder={intent.targetWords?.join(' ') || t.goal.foundLater}
                onChange={(e) => set({ target: e.target.value || null })}
                data-testid="intent-target"
              />
            )}
          </label>
        )}
        {draft.task === 'forecast' && (
          <label className="field">
            <span>{period ? t.goal.periodsAhead[period] : t.goal.ahead}</span>
            <input
              type="number"
              min={1}
              max={1000}
              value={draft.horizon ?? ''}
              disabled={disabled}
              onChange={(e) => set({ horizon: e.target.value ? Number(e.target.value) : null })}
              data-testid="intent-horizon"
            />
          </label>
        )}
        {draft.task === 'forecast' && columns && (
          <label className="field">
            <span>{t.goal.dateColumn}</span>
            <select
              value={draft.date ?? ''}
              disabled={disabled}
              onChange={(e) => set({ date: e.target.value || null })}
              data-testid="intent-date"
            >
              <option value="">{t.goal.chooseColumn}</option>
              {columns.map((c) => (
                <option key={c.name} value={c.name}>
                  {c.written ?? c.name}
                </option>
              ))}
            </select>
          </label>
        )}
        {draft.task === 'forecast' && intent.series && draft.series && (
          <label className="field" title={t.goal.seriesHint(intent.series.values.length)}>
            <span>{t.goal.series(shown(intent.series.column))}</span>
            <select
              value={draft.series.value ?? ALL_SERIES}
              disabled={disabled}
              onChange={(e) =>
                set({
                  series: {
                    column: intent.series!.column,
                    value: e.target.value === ALL_SERIES ? null : e.target.value,
                  },
                })
              }
              data-testid="intent-series"
            >
              {intent.series.values.map((v) => (
                <option key={v} value={v}>
                  {v}
                </option>
              ))}
              <option value={ALL_SERIES}>{t.goal.allSeries(intent.series.combine)}</option>
            </select>
          </label>
        )}
        {draft.task === 'segment' && (
          <label className="field">
            <span>{t.goal.groups}</span>
            <input
              type="number"
              min={2}
              max={50}
              value={draft.k ?? ''}
              placeholder={t.goal.auto}
              disabled={disabled}
              onChange={(e) => set({ k: e.target.value ? Number(e.target.value) : null })}
              data-testid="intent-k"
            />
          </label>
        )}
      </div>
      {sure && intent.alternatives.length > 0 && (
        <div className="alternatives" role="group" aria-label={t.goal.otherReadings}>
          <span className="muted">{t.goal.orDidYouMean}</span>
          {intent.alternatives.map((a, i) => {
            const on = draft.task === a.task && (draft.target ?? null) === (a.target ?? null);
            return (
              <button
                key={i}
                type="button"
                className={`chip ${on ? 'is-on' : ''}`}
                aria-pressed={on}
                disabled={disabled}
                onClick={() => set({ task: a.task, target: a.target })}
                title={a.why}
                data-testid={`alternative-${i}`}
              >
                {t.tasks[a.task]}
                {a.target ? ` · ${shown(a.target)}` : ''}
                <span className="chip-score">{formatPercent(a.confidence)}</span>
              </button>
            );
          })}
        </div>
      )}
    </div>
  );
}
