import type { RegisterChoice as Choice, RegisterOptions } from '@shared/channels';
import { formatRelative } from '../../lib/format';
import { t } from '../../strings';

/** The choice an export makes explicit: the next version of a model trained on the same columns, or a new model. */
export function RegisterChoice({
  options,
  choice,
  onChange,
  disabled,
}: {
  options: RegisterOptions;
  choice: Choice | null;
  onChange: (choice: Choice) => void;
  disabled?: boolean;
}) {
  if (!options.registers)
    return (
      <p className="muted small" data-testid="register-none">
        {t.export.analysisOnly}
      </p>
    );
  const picked: Choice =
    choice ?? (options.matches.length ? { kind: 'version', modelId: options.matches[0].modelId } : { kind: 'new' });
  return (
    <fieldset className="register-choice" data-testid="register-choice">
      <legend className="card-title">{t.export.saveAs}</legend>
      {options.matches.map((m) => {
        const latest = m.versions[m.versions.length - 1];
        const next = Math.max(...m.versions.map((v) => v.version)) + 1;
        return (
          <label key={m.modelId} className="source-option">
            <input
              type="radio"
              name="register"
              checked={picked.kind === 'version' && picked.modelId === m.modelId}
              disabled={disabled}
              onChange={() => onChange({ kind: 'version', modelId: m.modelId })}
              data-testid={`register-version-${m.modelId}`}
            />
            <span>
              {t.export.newVersion} <strong>{m.modelId}</strong> {t.export.versionN(next)}
              <span className="muted small block">
                {t.export.sameColumns(latest?.dataset ?? null, latest ? formatRelative(latest.createdAt) : null)}
              </span>
            </span>
          </label>
        );
      })}
      <label className="source-option">
        <input
          type="radio"
          name="register"
          checked={picked.kind === 'new'}
          disabled={disabled}
          onChange={() => onChange({ kind: 'new' })}
          data-testid="register-new"
        />
        <span>
          {t.export.newModel} <strong>{options.newModelId}</strong>
          <span className="muted small block">{options.matches.length ? t.export.keepsOthers : t.export.noMatch}</span>
        </span>
      </label>
    </fieldset>
  );
}
