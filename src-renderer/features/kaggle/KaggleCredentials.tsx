import { useState, type FormEvent } from 'react';
import { useKaggleStore } from './store';
import { t } from '../../strings';

/** The Kaggle API token form: saved by the host in the app's data folder (owner-only), never shown again. */
export function KaggleCredentials({ onCancel }: { onCancel?: () => void }) {
  const save = useKaggleStore((s) => s.save);
  const saving = useKaggleStore((s) => s.busy === 'save');
  const [username, setUsername] = useState('');
  const [key, setKey] = useState('');
  const ready = username.trim() !== '' && key.trim() !== '' && !saving;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (ready) void save(username, key).then((ok) => ok && setKey(''));
  };

  return (
    <form className="kaggle-form" onSubmit={submit} aria-label={t.kaggle.token}>
      <p className="muted kaggle-hint">{t.kaggle.tokenHint}</p>
      <div className="kaggle-fields">
        <label className="field">
          <span>{t.kaggle.username}</span>
          <input
            type="text"
            value={username}
            autoComplete="username"
            spellCheck={false}
            onChange={(e) => setUsername(e.target.value)}
            disabled={saving}
            data-testid="kaggle-username"
          />
        </label>
        <label className="field">
          <span>{t.kaggle.key}</span>
          <input
            type="password"
            value={key}
            autoComplete="current-password"
            spellCheck={false}
            onChange={(e) => setKey(e.target.value)}
            disabled={saving}
            data-testid="kaggle-key"
          />
        </label>
        <div className="kaggle-form-actions">
          <button
            type="submit"
            className="button primary"
            disabled={!ready}
            aria-busy={saving}
            data-testid="kaggle-save"
          >
            {saving ? t.kaggle.saving : t.kaggle.save}
          </button>
          {onCancel && (
            <button type="button" className="button quiet" onClick={onCancel} disabled={saving}>
              {t.dialog.cancel}
            </button>
          )}
        </div>
      </div>
    </form>
  );
}
