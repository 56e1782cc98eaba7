import type { RegisterChoice as Choice, RegisterOptions } from '@shared/channels';
import { formatRelative } from '../../lib/format';

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
        This is an analysis of your data, not a model for new data: nothing goes into the Models list.
      </p>
    );
  const picked: Choice =
    choice ?? (options.matches.length ? { kind: 'version', modelId: options.matches[0].modelId } : { kind: 'new' });
  return (
    <fieldset className="register-choice" data-testid="register-choice">
      <legend className="card-title">Save the model as</legend>
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
              A new version of <strong>{m.modelId}</strong> (version {next})
              <span className="muted small block">
                Same columns, task and target
                {latest?.dataset ? ` · last trained on ${latest.dataset}` : ''}
                {latest ? ` · ${formatRelative(latest.createdAt)}` : ''}. Predict by this id will use the new one.
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
          A new model, <strong>{options.newModelId}</strong>
          <span className="muted small block">
            {options.matches.length
              ? 'Keeps the models above as they are.'
              : 'No registered model was trained on these columns.'}
          </span>
        </span>
      </label>
    </fieldset>
  );
}
