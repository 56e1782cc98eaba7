import type { ImageClassification } from '@shared/channels';
import type { AppError } from '@shared/errors';
import { useEffect, useRef, useState } from 'react';
import { DropZone } from '../../components/DropZone';
import { ErrorPanel } from '../../components/ErrorPanel';
import { Working } from '../../components/Spinner';
import { call } from '../../lib/api';
import { fileToRef } from '../../lib/upload';
import { formatPercent } from '../../lib/format';
import { t } from '../../strings';

type Result = ImageClassification;

/** "Try an image": drop or choose a picture and see what the trained model makes of it. */
export function TryImage({ projectId }: { projectId: string }) {
  const [picture, setPicture] = useState<{ url: string; name: string } | null>(null);
  const [result, setResult] = useState<Result | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [running, setRunning] = useState(false);
  // Only the latest picture's answer is shown when several are dropped in a row.
  const latest = useRef(0);
  useEffect(
    () => () => {
      if (picture) URL.revokeObjectURL(picture.url);
    },
    [picture],
  );

  const classify = async (file: File) => {
    const ticket = ++latest.current;
    setPicture({ url: URL.createObjectURL(file), name: file.name });
    setResult(null);
    setError(null);
    setRunning(true);
    const ref = await fileToRef(file);
    const res = ref.ok
      ? await call('image:classify', { projectId, image: { kind: 'file', handle: ref.value.handle } })
      : ref;
    if (ticket !== latest.current) return;
    setRunning(false);
    if (res.ok)
      setResult({
        ...res.value,
        probabilities: [...res.value.probabilities].sort((a, b) => b.probability - a.probability),
      });
    else setError(res.error);
  };

  return (
    <section className="card wide try-image" aria-labelledby="try-image-title" data-testid="try-image">
      <h2 id="try-image-title" className="card-title">
        {t.tryImage.title}
      </h2>
      <div className="try-image-body">
        <DropZone
          onFile={(f) => void classify(f)}
          accept="image/*"
          title={t.tryImage.drop}
          hint={t.tryImage.hint}
          testId="try-image-drop"
          inputTestId="try-image-input"
          disabled={running}
        />
        <div className="try-image-result" aria-live="polite">
          {picture && (
            <img className="try-image-picture" src={picture.url} alt={picture.name} data-testid="try-image-picture" />
          )}
          {running && <Working text={t.tryImage.running} />}
          {result && (
            <div className="try-image-answer">
              {result.novelty?.unlike && (
                <p className="notice" data-testid="try-image-unlike">
                  {t.tryImage.unlike}
                </p>
              )}
              <p>
                <span className="muted">{result.novelty?.unlike ? t.tryImage.closest : t.tryImage.looksLike}</span>{' '}
                <strong className="try-image-label" data-testid="try-image-prediction">
                  {result.prediction}
                </strong>
              </p>
              <ul className="proba-bars" data-testid="try-image-probabilities">
                {result.probabilities.map((p) => (
                  <li
                    key={p.label}
                    className={p.label === result.prediction ? 'is-top' : undefined}
                    data-testid={`try-image-proba-${p.label}`}
                  >
                    <span className="proba-label">{p.label}</span>
                    <span
                      className="proba-track"
                      role="meter"
                      aria-valuemin={0}
                      aria-valuemax={1}
                      aria-valuenow={p.probability}
                      aria-label={t.tryImage.probability(p.label)}
                    >
                      <span className="proba-fill" style={{ width: `${Math.max(0.5, p.probability * 100)}%` }} />
                    </span>
                    <span className="proba-value">{formatPercent(p.probability, 1)}</span>
                  </li>
                ))}
              </ul>
            </div>
          )}
          {!picture && <p className="muted">{t.tryImage.same}</p>}
        </div>
      </div>
      {error && (
        <ErrorPanel error={error} title={t.tryImage.failed} testId="try-image-error" onDismiss={() => setError(null)} />
      )}
    </section>
  );
}
