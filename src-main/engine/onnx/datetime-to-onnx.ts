/**
 * Calendar parts of epoch milliseconds with standard ops only (no date ops exist in ONNX).
 * Uses Howard Hinnant's days-to-civil algorithm in double arithmetic: every operand is an integer
 * far below 2^53, so each Floor(a / b) is exact. NaN input propagates to NaN parts, as in predict.ts.
 */
import { GraphBuilder } from './graph-builder';
import { DAY_MS, HOUR_MS } from '@shared/time';
import type { DatePart } from '../preprocess/datetime';

/** [N,1] double epoch ms -> [N, parts.length] double. */
export function datetimeParts(g: GraphBuilder, x: string, parts: DatePart[]): string {
  const k = (v: number): string => g.constDouble([v], [1], 'k');
  const add = (a: string, b: string): string => g.node('Add', [a, b]);
  const sub = (a: string, b: string): string => g.node('Sub', [a, b]);
  const mul = (a: string, b: string): string => g.node('Mul', [a, b]);
  const fdiv = (a: string, b: number): string => g.node('Floor', [g.node('Div', [a, k(b)])]);

  const days = fdiv(x, DAY_MS);
  const cache = new Map<DatePart, string>();
  const civil = (): { y: string; m: string; d: string } => {
    const z = add(days, k(719_468));
    const era = fdiv(z, 146_097);
    const doe = sub(z, mul(era, k(146_097)));
    const yoe = fdiv(sub(add(sub(doe, fdiv(doe, 1460)), fdiv(doe, 36_524)), fdiv(doe, 146_096)), 365);
    const doy = sub(doe, sub(add(mul(yoe, k(365)), fdiv(yoe, 4)), fdiv(yoe, 100)));
    const mp = fdiv(add(mul(doy, k(5)), k(2)), 153);
    const d = add(sub(doy, fdiv(add(mul(mp, k(153)), k(2)), 5)), k(1));
    const m = sub(add(mp, k(3)), mul(fdiv(mp, 10), k(12)));
    const y = add(add(yoe, mul(era, k(400))), fdiv(sub(k(14), m), 12));
    return { y, m, d };
  };
  let ymd: { y: string; m: string; d: string } | undefined;
  const part = (p: DatePart): string => {
    const hit = cache.get(p);
    if (hit) return hit;
    let v: string;
    switch (p) {
      case 'epoch_days':
        v = g.node('Div', [x, k(DAY_MS)]);
        break;
      case 'hour':
        v = fdiv(sub(g.node('Floor', [x]), mul(days, k(DAY_MS))), HOUR_MS);
        break;
      case 'dayofweek': {
        // 1970-01-01 was a Thursday: index 3 with Monday = 0.
        const t = add(days, k(3));
        v = sub(t, mul(fdiv(t, 7), k(7)));
        break;
      }
      default: {
        ymd ??= civil();
        v = p === 'year' ? ymd.y : p === 'month' ? ymd.m : ymd.d;
      }
    }
    cache.set(p, v);
    return v;
  };
  const cols = parts.map(part);
  return cols.length === 1 ? g.node('Identity', cols) : g.node('Concat', cols, { axis: 1 });
}
