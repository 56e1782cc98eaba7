import { useState } from 'react';
import { Dialog } from '../../components/Dialog';
import { useSettingsStore } from './store';

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
    <Dialog title="Settings" confirmLabel="Save" onConfirm={() => void save()} onCancel={onClose}>
      <form
        className="settings-form"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <h3 className="section-title">Local language model (optional)</h3>
        <p className="muted small">
          Goals are read by built-in rules. If you run a language model on this computer (Ollama, llama.cpp server or LM
          Studio), it can help read them. The app then sends it your goal sentence, the column names and kinds, and at
          most 3 example values per column — never rows of your data. Only addresses on this computer are accepted;
          leave the address empty to turn it off. No model comes with the app.
        </p>
        <label className="field">
          <span>Server address</span>
          <input
            type="url"
            value={url}
            placeholder="http://localhost:11434/v1"
            onChange={(e) => setUrl(e.target.value)}
            data-testid="settings-llm-url"
          />
        </label>
        <label className="field">
          <span>Model name</span>
          <input
            type="text"
            value={model}
            placeholder="e.g. qwen2.5:3b (optional for servers with one model)"
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
