import { useState, type FormEvent } from 'react';
import { useKaggleStore } from './store';

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
    <form className="kaggle-form" onSubmit={submit} aria-label="Kaggle API token">
      <p className="muted kaggle-hint">
        Your Kaggle API token: kaggle.com → Settings → API → Create New Token. The downloaded kaggle.json holds the
        username and the key.
      </p>
      <div className="kaggle-fields">
        <label className="field">
          <span>Username</span>
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
          <span>API key</span>
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
            {saving ? 'Saving…' : 'Save token'}
          </button>
          {onCancel && (
            <button type="button" className="button quiet" onClick={onCancel} disabled={saving}>
              Cancel
            </button>
          )}
        </div>
      </div>
    </form>
  );
}
