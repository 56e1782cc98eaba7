/** Curve decimation: every step up to 20, then every 5th up to 100, then every 20th. */
export function keepStep(step: number): boolean {
  return step <= 20 || (step <= 100 && step % 5 === 0) || step % 20 === 0;
}
