import { useRef, useState } from 'react';
import { formatPercent, formatRelative, plural } from '../../lib/format';
import { fileToRef } from '../../lib/upload';
import { inputText, pickable } from './model-fit';
import { usePredictStore } from './store';
import { t } from '../../strings';

/** A registered model (radio list) or an exported zip chosen from this computer. */
export function SourcePicker() {
  const models = usePredictStore((s) => s.models);
  const source = usePredictStore((s) => s.source);
  const setSource = usePredictStore((s) => s.setSource);
  const useBundle = usePredictStore((s) => s.useBundle);
  const input = useRef<HTMLInputElement>(null);
  const [sent, setSent] = useState<number | null>(null);
  const bundle = usePredictStore((s) => s.bundle);
  const shape = usePredictStore((s) => s.input?.shape ?? null);
  const { shown, hidden } = pickable(models ?? [], shape);

  const onZip = async (file: File) => {
    const ref = await fileToRef(file, setSent);
    setSent(null);
    if (ref.ok) useBundle(ref.value);
    else usePredictStore.setState({ error: ref.error });
  };

  return (
    <div className="source-picker" role="radiogroup" aria-label={t.predict.modelToUse}>
      {shown.map(({ model: m, fit }) => {
        const active = m.versions.find((v) => v.version === m.activeVersion) ?? m.versions[m.versions.length - 1];
        return (
          <label key={m.modelId} className={`source-option ${fit.ok ? '' : 'is-unfit'}`}>
            <input
              type="radio"
              name="predict-source"
              checked={source?.kind === 'model' && source.modelId === m.modelId}
              disabled={!fit.ok}
              onChange={() => setSource({ kind: 'model', modelId: m.modelId })}
              data-testid={`predict-model-${m.modelId}`}
            />
            <span>
              <strong>{m.modelId}</strong> <span className="muted">v{m.activeVersion}</span>
              {active && (
                <span className="muted small block">
                  {t.tasks[active.task]}
                  {active.target ? ` · ${active.target}` : ''}
                  {active.dataset ? ` · ${t.predict.trainedOn(active.dataset)}` : ''} ·{' '}
                  {formatRelative(active.createdAt)}
                </span>
              )}
              <span className="small block" data-testid={`predict-model-scores-${m.modelId}`}>
                {fit.ok ? inputText(m.input) : t.predict.cannotUse(fit.reason)}
              </span>
            </span>
          </label>
        );
      })}
      {hidden > 0 && (
        <p className="muted small" data-testid="predict-hidden-models">
          {t.predict.hidden(plural(hidden, t.nouns.model), hidden)}
        </p>
      )}
      {models && models.length === 0 && <p className="muted small">{t.predict.noModels}</p>}
      <label className="source-option">
        <input
          type="radio"
          name="predict-source"
          checked={source?.kind === 'bundle'}
          disabled={bundle === null}
          onChange={() => bundle && useBundle(bundle)}
          data-testid="predict-use-bundle"
        />
        <span className="bundle-row">
          <span>
            {t.predict.zip}
            <span className="muted small block" data-testid="predict-bundle-name">
              {sent !== null
                ? t.predict.sending(formatPercent(sent))
                : bundle
                  ? (bundle.location ?? bundle.name)
                  : t.predict.noneChosen}
            </span>
          </span>
          <button
            type="button"
            className="button small"
            disabled={sent !== null}
            onClick={() => input.current?.click()}
            data-testid="predict-choose-bundle"
          >
            {t.predict.chooseZip}
          </button>
          <input
            ref={input}
            type="file"
            accept=".zip"
            hidden
            data-testid="predict-bundle-input"
            onChange={(e) => {
              const file = e.target.files?.[0];
              if (file) void onZip(file);
              e.target.value = '';
            }}
          />
        </span>
      </label>
    </div>
  );
}
