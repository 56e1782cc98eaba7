import type { TrainingDiagnostics } from '@shared/diagnostics';
import { formatCount, formatPercent, plural } from '../../lib/format';
import { t } from '../../strings';

/** One segment as the segmentation job describes it (diagnostics.details.segments). */
export interface SegmentSummary {
  segment: number;
  size: number;
  share: number;
  description: string;
}

/** Reads `diagnostics.details.segments`; anything not shaped like a segment is left out. */
export function readSegments(diagnostics: TrainingDiagnostics | undefined): SegmentSummary[] {
  const details = (diagnostics && 'details' in diagnostics ? diagnostics.details : undefined) as
    { segments?: unknown } | undefined;
  if (!Array.isArray(details?.segments)) return [];
  return details.segments.filter(
    (s): s is SegmentSummary =>
      typeof s === 'object' &&
      s !== null &&
      typeof (s as SegmentSummary).segment === 'number' &&
      typeof (s as SegmentSummary).size === 'number',
  );
}

/** The segments in plain words: how big each is and what sets it apart. */
export function SegmentList({ segments }: { segments: SegmentSummary[] }) {
  return (
    <section className="card wide" aria-labelledby="segments-title" data-testid="segments" data-count={segments.length}>
      <h2 id="segments-title" className="card-title">
        {t.review.segments(formatCount(segments.length))}
      </h2>
      <ul className="segment-list">
        {segments.map((s) => (
          <li key={s.segment} data-testid={`segment-${s.segment}`}>
            <span className="segment-name">{t.review.segment(s.segment)}</span>
            <span className="segment-size">
              {plural(s.size, t.nouns.row)} · {formatPercent(s.share, 0)}
            </span>
            <span className="segment-desc">
              {s.description || <span className="muted">{t.review.noneStandsOut}</span>}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
