/**
 * A determinate progress bar (0..1), or an indeterminate one when `fraction` is null. One look and one
 * accessible shape for every long job: training, downloads, uploads.
 */
export function ProgressBar({
  fraction,
  label,
  valueText,
  className = '',
  testId,
}: {
  fraction: number | null;
  label: string;
  valueText?: string;
  className?: string;
  testId?: string;
}) {
  const known = fraction !== null;
  return (
    <div
      className={`progress ${known ? '' : 'is-indeterminate'} ${className}`.trim()}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={known ? Math.round(fraction * 100) : undefined}
      aria-valuetext={valueText}
      data-testid={testId}
    >
      <div className="progress-fill" style={{ transform: `scaleX(${known ? fraction : 0.3})` }} />
    </div>
  );
}
