import type { SampleInfo } from '@shared/channels';
import { useEffect } from 'react';
import { plural } from '../../lib/format';
import { startFromSample } from '../project/actions';
import { useProjectStore } from '../project/store';
import { useHomeStore } from './store';
import { t } from '../../strings';

interface Props {
  /** On home a sample starts a new project; in the data panel it is attached to the open one. */
  variant: 'home' | 'data';
  disabled?: boolean;
}

/** "Try a sample": bundled datasets, one card each. */
export function SampleCards({ variant, disabled }: Props) {
  const samples = useHomeStore((s) => s.samples);
  const load = useHomeStore((s) => s.loadSamples);
  const attach = useProjectStore((s) => s.attach);
  useEffect(() => void load(), [load]);
  if (!samples || samples.length === 0) return null;

  const pick = (s: SampleInfo) =>
    variant === 'home' ? void startFromSample(s) : void attach({ kind: 'sample', id: s.id });
  return (
    <section className="samples" aria-labelledby={`samples-${variant}`}>
      <h2 id={`samples-${variant}`} className="section-title">
        {t.data.samples}
      </h2>
      <div className="sample-grid">
        {samples.map((s) => (
          <button
            key={s.id}
            type="button"
            className="sample-card"
            onClick={() => pick(s)}
            disabled={disabled}
            data-testid={variant === 'home' ? `home-sample-${s.id}` : `sample-${s.id}`}
          >
            <span className="sample-name">{s.name}</span>
            <span className="sample-desc">{s.description}</span>
            <span className="sample-meta">
              <span className="badge">{t.tasks[s.task]}</span>
              <span>{plural(s.rows, t.nouns.row)}</span>
              <span className="sample-goal">“{s.goal}”</span>
            </span>
          </button>
        ))}
      </div>
    </section>
  );
}
