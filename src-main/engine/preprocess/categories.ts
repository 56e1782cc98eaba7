/** Category counts over the listed rows, most frequent first (ties by value, so results are deterministic). */
export function categoryCounts(
  values: Array<string | null>,
  rows: ArrayLike<number>,
): Array<{ value: string; count: number }> {
  const m = new Map<string, number>();
  for (let i = 0; i < rows.length; i++) {
    const v = values[rows[i]];
    if (v === null || v === '') continue;
    m.set(v, (m.get(v) ?? 0) + 1);
  }
  const out = [...m.entries()].map(([value, count]) => ({ value, count }));
  out.sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
  return out;
}
