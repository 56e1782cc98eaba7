import { shownName, type NamedColumn } from '@shared/column-names';
import type { Intent, IntentReading } from '@shared/project';
import { formatPercent } from '../../lib/format';
import type { IntentDraft } from './intent-draft';
import { t } from '../../strings';

/** A clause with `column` names in backticks, shown with the names set in code type. */
export function Why({ text }: { text: string }) {
  return (
    <>
      {text
        .split(/(`[^`]+`)/)
        .map((part, i) =>
          part.startsWith('`') && part.endsWith('`') ? <code key={i}>{part.slice(1, -1)}</code> : part,
        )}
    </>
  );
}

function label(r: Pick<IntentReading, 'task' | 'target'>, shown: (name: string) => string): string {
  if (r.task === 'correlation') return r.target ? t.goal.relatesTo(shown(r.target)) : t.goal.howRelate;
  if (r.task === 'summary') return t.goal.summarise;
  if (!r.target) return t.tasks[r.task];
  return (r.task === 'forecast' ? t.goal.forecastTarget : t.goal.predictTarget)(shown(r.target), t.tasks[r.task]);
}

interface Props {
  intent: Intent;
  draft: IntentDraft;
  onPick: (reading: Pick<IntentReading, 'task' | 'target'>) => void;
  disabled?: boolean;
  /** The data's columns: targets are shown by their written names. */
  columns?: readonly NamedColumn[];
}

/**
 * Below the confidence threshold: the two or three best readings side by side, each with why it was proposed
 * ("`approval` holds yes/no values; 'approved' matches it"). Picking one fills the fields below.
 */
/** The readings offered as choices: the chosen one first, then up to two others (a summary only when few). */
export function readingsOf(intent: Intent): IntentReading[] {
  return [
    { task: intent.task, target: intent.target, confidence: intent.confidence, why: intent.why },
    ...intent.alternatives.filter((a) => a.task !== 'summary' || intent.alternatives.length < 3),
  ].slice(0, 3);
}

export function ReadingChoices({ intent, draft, onPick, disabled, columns }: Props) {
  const readings = readingsOf(intent);
  const shown = (name: string): string => shownName(columns, name);
  return (
    <fieldset className="reading-choices" data-testid="reading-choices">
      <legend>{t.goal.whichMeant}</legend>
      {readings.map((r, i) => {
        const on = draft.task === r.task && (draft.target ?? null) === (r.target ?? null);
        return (
          <label
            key={`${r.task}:${r.target}`}
            className={`reading-choice ${on ? 'is-on' : ''}`}
            data-testid={`reading-choice-${i}`}
          >
            <input
              type="radio"
              name="reading"
              checked={on}
              disabled={disabled}
              onChange={() => onPick({ task: r.task, target: r.target })}
            />
            <span className="reading-text">
              <span className="reading-title">
                {label(r, shown)} <span className="chip-score">{formatPercent(r.confidence)}</span>
              </span>
              {r.why && (
                <span className="reading-why">
                  <Why text={r.why} />
                </span>
              )}
            </span>
          </label>
        );
      })}
    </fieldset>
  );
}

/** "No column called 'salary'." with the closest columns as one-click fixes. */
export function MissingColumn({
  missing,
  onPick,
  disabled,
}: {
  missing: NonNullable<Intent['missingColumn']>;
  onPick: (column: string) => void;
  disabled?: boolean;
}) {
  return (
    <div className="notice missing-column" role="status" data-testid="missing-column">
      <strong>{t.goal.noColumn(missing.named)}</strong>
      {missing.suggestions.length > 0 && (
        <>
          {' '}
          {t.goal.didYouMean}{' '}
          {missing.suggestions.map((s, i) => (
            <span key={s}>
              {i > 0 && (i === missing.suggestions.length - 1 ? t.goal.or : ', ')}
              <button type="button" className="link-button" disabled={disabled} onClick={() => onPick(s)}>
                {s}
              </button>
            </span>
          ))}
          ?
        </>
      )}
    </div>
  );
}
