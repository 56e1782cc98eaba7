interface Props {
  counts: number[];
  label: string;
  width?: number;
  height?: number;
}

/** A tiny bar sparkline for table cells (no axes): the shape of a column at a glance. */
export function Sparkbars({ counts, label, width = 96, height = 26 }: Props) {
  const max = Math.max(1, ...counts);
  const w = width / Math.max(1, counts.length);
  return (
    <svg
      className="sparkbars"
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={label}
    >
      {counts.map((c, i) => {
        const h = Math.max(c > 0 ? 1 : 0, (c / max) * (height - 2));
        return <rect key={i} x={i * w + 0.5} y={height - h} width={Math.max(1, w - 1)} height={h} rx={1} />;
      })}
    </svg>
  );
}
