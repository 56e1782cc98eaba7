import { useEffect, useState, type FormEvent } from 'react';
import { ErrorPanel } from '../../components/ErrorPanel';
import { Working } from '../../components/Spinner';
import { KaggleCredentials } from './KaggleCredentials';
import { KaggleResults } from './KaggleResults';
import { useKaggleStore } from './store';
import { t } from '../../strings';

const ERROR_TITLE: Record<string, string> = t.kaggle.errorTitle;
const SOURCE_TEXT = t.kaggle.source;

/** "From Kaggle" in the data panel: the token form until one is found, then search and pick a dataset. */
export function KaggleSection({ disabled }: { disabled: boolean }) {
  const status = useKaggleStore((s) => s.status);
  const hits = useKaggleStore((s) => s.hits);
  const lastQuery = useKaggleStore((s) => s.query);
  const busy = useKaggleStore((s) => s.busy);
  const error = useKaggleStore((s) => s.error);
  const { loadStatus, search, use, dismissError } = useKaggleStore.getState();
  const [query, setQuery] = useState(lastQuery);
  const [changing, setChanging] = useState(false);
  useEffect(() => void loadStatus(), [loadStatus]);
  useEffect(() => {
    if (status?.configured) setChanging(false);
  }, [status]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void search(query);
  };
  const configured = status?.configured === true && !changing;

  return (
    <section
      className="kaggle card"
      aria-labelledby="kaggle-title"
      data-testid="kaggle-section"
      data-configured={status ? String(status.configured) : undefined}
    >
      <div className="card-head">
        <h2 id="kaggle-title" className="card-title">
          {t.kaggle.title}
        </h2>
        {configured && status.username && (
          <span className="muted kaggle-account">
            {t.kaggle.signedIn} <strong>{status.username}</strong>
            {status.source && ` (${SOURCE_TEXT[status.source]})`}
            {/* Only an app-saved token can be replaced here: the environment and kaggle.json take precedence. */}
            {status.source === 'app' && (
              <button
                type="button"
                className="link-button"
                onClick={() => setChanging(true)}
                data-testid="kaggle-change"
              >
                {t.kaggle.change}
              </button>
            )}
          </span>
        )}
      </div>
      {error && (
        <ErrorPanel
          error={error}
          title={ERROR_TITLE[error.code] ?? t.kaggle.unexpected}
          testId="kaggle-error"
          onDismiss={dismissError}
        >
          {error.code === 'kaggle-auth' && configured && status.source === 'app' && (
            <button
              type="button"
              className="button"
              onClick={() => setChanging(true)}
              data-testid="kaggle-change-token"
            >
              {t.kaggle.another}
            </button>
          )}
        </ErrorPanel>
      )}
      {status === null && busy === 'status' && <Working text={t.kaggle.looking} />}
      {status && !configured && <KaggleCredentials onCancel={changing ? () => setChanging(false) : undefined} />}
      {configured && (
        <>
          <form className="kaggle-search" role="search" onSubmit={submit}>
            <input
              type="search"
              value={query}
              placeholder={t.kaggle.searchHint}
              aria-label={t.kaggle.searchLabel}
              onChange={(e) => setQuery(e.target.value)}
              data-testid="kaggle-query"
            />
            <button
              type="submit"
              className="button"
              disabled={!query.trim() || busy === 'search'}
              aria-busy={busy === 'search'}
              data-testid="kaggle-search"
            >
              {busy === 'search' ? t.kaggle.searching : t.kaggle.search}
            </button>
          </form>
          {hits && <KaggleResults hits={hits} query={lastQuery} disabled={disabled} onUse={(ref) => void use(ref)} />}
        </>
      )}
    </section>
  );
}
