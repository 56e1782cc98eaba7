import { useState } from 'react';
import { getApi } from '../../lib/api';
import { formatRelative, humanize, plural } from '../../lib/format';
import { inputText, pickable } from './model-fit';
import { usePredictStore } from './store';

/** A registered model (radio list) or an exported zip (a path, typed or chosen). */
export function SourcePicker() {
  const models = usePredictStore((s) => s.models);
  const shape = usePredictStore((s) => s.input?.shape ?? null);
  const source = usePredictStore((s) => s.source);
  const setSource = usePredictStore((s) => s.setSource);
  const chooseBundle = usePredictStore((s) => s.chooseBundle);
  const [path, setPath] = useState(source?.kind === 'bundle' ? source.path : '');
  const bundlePath = source?.kind === 'bundle' ? source.path : path;
  // A browser tab has no file dialog that yields a path: there the path is typed (or comes from an export).
  const canBrowse = getApi()?.host === 'electron';
  const { shown, hidden } = pickable(models ?? [], shape);

  return (
    <div className="source-picker" role="radiogroup" aria-label="Model to use">
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
                  {humanize(active.task)}
                  {active.target ? ` · ${active.target}` : ''}
                  {active.dataset ? ` · trained on ${active.dataset}` : ''} · {formatRelative(active.createdAt)}
                </span>
              )}
              <span className="small block" data-testid={`predict-model-scores-${m.modelId}`}>
                {fit.ok ? inputText(m.input) : `Cannot use this file: ${fit.reason}.`}
              </span>
            </span>
          </label>
        );
      })}
      {hidden > 0 && (
        <p className="muted small" data-testid="predict-hidden-models">
          {plural(hidden, 'model')} for another kind of data {hidden === 1 ? 'is' : 'are'} not listed.
        </p>
      )}
      {models && models.length === 0 && (
        <p className="muted small">No registered models yet; export one from a project, or use a zip below.</p>
      )}
      <label className="source-option">
        <input
          type="radio"
          name="predict-source"
          checked={source?.kind === 'bundle'}
          onChange={() => setSource({ kind: 'bundle', path: bundlePath })}
          data-testid="predict-use-bundle"
        />
        <span className="bundle-row">
          <span>Exported zip</span>
          <input
            type="text"
            className="path-input"
            value={bundlePath}
            placeholder={canBrowse ? '/path/to/model.zip' : 'Full path of the exported .zip on this computer'}
            onChange={(e) => {
              setPath(e.target.value);
              setSource({ kind: 'bundle', path: e.target.value });
            }}
            aria-label="Path of the exported zip"
            data-testid="predict-bundle-path"
          />
          {canBrowse && (
            <button
              type="button"
              className="button small"
              onClick={() => void chooseBundle()}
              data-testid="predict-choose-bundle"
            >
              Choose…
            </button>
          )}
        </span>
      </label>
    </div>
  );
}
