import { useState } from 'react';
import { Dialog } from '../../components/Dialog';
import { useSettingsStore } from './store';
import { t } from '../../strings';

/** Settings: the optional local language model that helps read goals (off unless an address is given). */
export function SettingsDialog({ onClose }: { onClose: () => void }) {
  const saved = useSettingsStore((s) => s.llm);
  const saveLlm = useSettingsStore((s) => s.saveLlm);
  const [url, setUrl] = useState(saved.url);
  const [model, setModel] = useState(saved.model);
  const [error, setError] = useState<string | null>(null);
  const save = async () => {
    const message = await saveLlm({ url, model });
    if (message) setError(message);
    else onClose();
  };
  return (
    <Dialog title={t.settings.title} confirmLabel={t.settings.save} onConfirm={() => void save()} onCancel={onClose}>
      <form
        className="settings-form"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <h3 className="section-title">{t.settings.llm}</h3>
        <p className="muted small">{t.settings.llmLede}</p>
        <label className="field">
          <span>{t.settings.url}</span>
          <input
            type="url"
            value={url}
            placeholder="http://localhost:11434/v1"
            onChange={(e) => setUrl(e.target.value)}
            data-testid="settings-llm-url"
          />
        </label>
        <label className="field">
          <span>{t.settings.model}</span>
          <input
            type="text"
            value={model}
            placeholder={t.settings.modelHint}
            onChange={(e) => setModel(e.target.value)}
            data-testid="settings-llm-model"
          />
        </label>
        {error && (
          <p className="hint" role="alert" data-testid="settings-error">
            {error}
          </p>
        )}
      </form>
    </Dialog>
  );
}
