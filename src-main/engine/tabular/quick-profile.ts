import type { ColumnKind, ColumnProfile, DataProfile } from '@shared/project';
import type { Frame } from '../frame/load-frame';
import { quantileSorted } from '../preprocess/numeric';

/**
 * A minimal DataProfile computed from a Frame: enough for defaultPlan/candidateModels in tests and benches
 * when the full profiler (engine/profile) is not in the loop. Strings with many distinct long values count as text,
 * strings unique per row as ids.
 */
export function quickProfile(frame: Frame, target?: string): DataProfile {
  const columns: ColumnProfile[] = frame.columns.map((c) => {
    const n = frame.nRows;
    if (c.values instanceof Float64Array) {
      const present = Float64Array.from(c.values.filter((v) => !Number.isNaN(v))).sort();
      const distinct = new Set(present).size;
      const kind: ColumnKind =
        distinct <= 1 ? 'constant' : c.kind === 'datetime' ? 'datetime' : c.kind === 'boolean' ? 'boolean' : 'numeric';
      return {
        name: c.name,
        kind,
        dbType: 'DOUBLE',
        missing: n - present.length,
        missingPct: (n - present.length) / n,
        distinct,
        min: present[0],
        max: present[present.length - 1],
        median: quantileSorted(present, 0.5),
        q1: quantileSorted(present, 0.25),
        q3: quantileSorted(present, 0.75),
      };
    }
    const vals = c.values.filter((v): v is string => v !== null);
    const distinct = new Set(vals).size;
    const avgLen = vals.reduce((s, v) => s + v.length, 0) / Math.max(vals.length, 1);
    const kind: ColumnKind =
      distinct <= 1
        ? 'constant'
        : c.kind === 'text' || (avgLen > 30 && distinct > n * 0.5)
          ? 'text'
          : distinct === n && c.name !== target
            ? 'id'
            : 'categorical';
    return {
      name: c.name,
      kind,
      dbType: 'VARCHAR',
      missing: n - vals.length,
      missingPct: (n - vals.length) / n,
      distinct,
    };
  });
  let targetDist: DataProfile['target'];
  const t = target ? frame.get(target) : undefined;
  if (t && !(t.values instanceof Float64Array)) {
    const counts = new Map<string, number>();
    for (const v of t.values) if (v !== null) counts.set(v, (counts.get(v) ?? 0) + 1);
    const classes = [...counts.entries()].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count);
    targetDist = {
      column: t.name,
      kind: 'classes',
      classes,
      imbalanceRatio: classes[0].count / classes[classes.length - 1].count,
    };
  } else if (t) targetDist = { column: t.name, kind: 'histogram' };
  return {
    rows: frame.nRows,
    columns,
    duplicateRows: 0,
    correlations: [],
    target: targetDist,
    warnings: [],
    elapsedMs: 0,
  };
}
