import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let gc: (() => void) | null | undefined;

/**
 * A full garbage collection, now, where one multi-gigabyte typed array has been dropped and the next is about to be
 * filled. V8 frees a large ArrayBuffer that has lived through a few collections only at its next full collection, and
 * a long synchronous fit does not trigger one in time: two all-rows refits in a row at 10M rows held the first one's
 * 2.2 GB matrix while filling the second's (peak 4.7 → 6.9 GB; a 1.6 GB array kept alive across scavenges and
 * dropped is still resident when the next is filled, in plain Node 20 too). Access to `gc` is taken as Jest's leak
 * detector takes it (the flag, then `gc` from a new context); where that is unavailable this does nothing.
 */
export function collectGarbage(): void {
  if (gc === undefined) {
    try {
      setFlagsFromString('--expose-gc');
      const found: unknown = runInNewContext('gc');
      gc = typeof found === 'function' ? () => void found() : null;
    } catch {
      gc = null;
    }
  }
  gc?.();
}
