import { describe, expect, it } from 'vitest';
import { CHANNELS } from '@shared/channels';
import { CodedError } from '@shared/errors';
import { createDispatcher } from './dispatch';
import { withoutStacks } from './outbound';

function dispatcherWith(hello: () => Promise<unknown>) {
  const logged: string[] = [];
  // Every channel runs `hello`: these tests are about what happens around a handler, not which one.
  const handlers = {} as Parameters<typeof createDispatcher>[0];
  for (const channel of CHANNELS) handlers[channel] = hello;
  const dispatch = createDispatcher(handlers, (message, err) =>
    logged.push(`${message} ${err instanceof Error ? err.stack : ''}`),
  );
  return { dispatch, logged };
}

describe('dispatch', () => {
  it('turns a bug into a coded message, logging the stack and sending none', async () => {
    const { dispatch, logged } = dispatcherWith(async () => {
      throw new TypeError("Cannot read properties of undefined (reading 'x') at /src/secret.ts:3:4");
    });
    const result = await dispatch('app:hello', {});
    expect(result).toEqual({
      ok: false,
      error: { name: 'CodedError', code: 'internal', message: expect.stringMatching(/logs\/host\.log/) },
    });
    expect(JSON.stringify(result)).not.toMatch(/secret\.ts|TypeError/);
    expect(logged[0]).toMatch(/TypeError/);
  });

  it('passes a coded error on as code, message and detail, without its stack', async () => {
    const { dispatch, logged } = dispatcherWith(async () => {
      throw new CodedError('dataset-empty', 'The file is empty.', { rows: 0 });
    });
    expect(await dispatch('app:hello', {})).toEqual({
      ok: false,
      error: { name: 'CodedError', code: 'dataset-empty', message: 'The file is empty.', detail: { rows: 0 } },
    });
    expect(logged).toEqual([]);
  });

  it('checks plan edits against the plan vocabulary before any service sees them', async () => {
    let calls = 0;
    const { dispatch } = dispatcherWith(async () => {
      calls += 1;
      return {};
    });
    const confirm = (columns: unknown) =>
      dispatch('stage:confirm', { projectId: 'p-1', stage: 'PREPROCESS', edits: { columns } });
    expect(await confirm({ age: { role: 'owner' } })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(await confirm({ age: { scale: 'log' } })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(calls).toBe(0);
    expect(await confirm({ age: { role: 'drop', scale: 'robust' } })).toEqual({ ok: true, value: {} });
    expect(calls).toBe(1);
  });

  it("lets a forecast's series choice through (the Series select), and refuses one without a column", async () => {
    const { dispatch } = dispatcherWith(async () => ({}));
    const confirm = (series: unknown) =>
      dispatch('stage:confirm', { projectId: 'p-1', stage: 'PROFILE_DATA', edits: { series } });
    expect(await confirm({ column: 'city', value: 'Houston' })).toEqual({ ok: true, value: {} });
    expect(await confirm({ column: 'city', value: null })).toEqual({ ok: true, value: {} });
    expect(await confirm({ value: 'Houston' })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
  });

  it('refuses unknown channels and non-string channels without calling anything', async () => {
    const { dispatch } = dispatcherWith(async () => ({}));
    for (const channel of [undefined, 5, 'constructor', '__proto__', 'nope']) {
      expect(await dispatch(channel, {})).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    }
  });

  it('strips stacks from errors inside results (a stage error in a project state)', async () => {
    const state = {
      stages: { TRAIN: { status: 'failed', error: { name: 'E', code: 'internal', message: 'm', stack: 'at x.ts:1' } } },
      lastError: { name: 'E', code: 'oom', message: 'm', stack: 'at y.ts:2' },
      rows: [1, 2, 3],
    };
    const { dispatch } = dispatcherWith(async () => state);
    const result = await dispatch('app:hello', {});
    expect(JSON.stringify(result)).not.toContain('stack');
    expect(state.lastError.stack).toBe('at y.ts:2'); // the service's own object is left alone
    const clean = { a: [{ b: 1 }], c: 'x' };
    expect(withoutStacks(clean)).toBe(clean);
  });
});
