import type { Api, Channel, KaggleHit, Req } from '@shared/channels';
import type { ProjectState } from '@shared/project';
import { STAGES } from '@shared/stages';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useProjectStore } from '../project/store';
import { refId, useKaggleStore } from './store';

const project = (): ProjectState => ({
  id: 'p1',
  name: 'P',
  createdAt: 0,
  updatedAt: 0,
  goal: 'g',
  stages: Object.fromEntries(STAGES.map((s) => [s, { status: 'pending' }])) as ProjectState['stages'],
});
const hit = (ref: string): KaggleHit => ({ ref, title: ref });

/** A fake bridge whose answers the test releases by hand (to order them). */
function fakeApi(answer: (channel: Channel, req: unknown) => Promise<unknown> | unknown) {
  const calls: Array<{ channel: Channel; req: unknown }> = [];
  const api: Api = {
    host: 'node',
    invoke: (async (channel: Channel, req: Req<Channel>) => {
      calls.push({ channel, req });
      return { ok: true, value: await answer(channel, req) };
    }) as Api['invoke'],
    onEvent: () => () => undefined,
    onCommand: () => () => undefined,
    fileRefFor: async () => null,
  };
  (globalThis as { window?: unknown }).window = { api };
  return calls;
}

describe('kaggle store', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => {
    vi.useRealTimers();
    useKaggleStore.setState({
      status: null,
      query: '',
      hits: null,
      busy: null,
      error: null,
      using: null,
      attaching: false,
    });
    useProjectStore.setState({ project: null, busy: null, error: null, autoConfirm: null });
    delete (globalThis as { window?: unknown }).window;
  });

  it('keeps only the answer of the latest search', async () => {
    const pending: Record<string, (v: KaggleHit[]) => void> = {};
    fakeApi((_c, req) => new Promise((ok) => (pending[(req as { query: string }).query] = ok)));
    const first = useKaggleStore.getState().search('penguins');
    await Promise.resolve();
    useKaggleStore.setState({ busy: null }); // the person changed the words and searched again
    const second = useKaggleStore.getState().search('iris');
    pending.iris([hit('a/iris')]);
    await second;
    pending.penguins([hit('b/penguins')]);
    await first;
    expect(useKaggleStore.getState().hits?.map((h) => h.ref)).toEqual(['a/iris']);
    expect(useKaggleStore.getState().query).toBe('iris');
  });

  it('hands the dataset to DATA_SOURCE and forgets it once other data is attached', async () => {
    const calls = fakeApi(() => project());
    useProjectStore.setState({ project: project() });
    await useKaggleStore.getState().use('owner/ds');
    expect(calls[0]).toEqual({
      channel: 'data:attach',
      req: { projectId: 'p1', source: { kind: 'kaggle', ref: 'owner/ds' } },
    });
    expect(useKaggleStore.getState().using).toEqual({ projectId: 'p1', ref: 'owner/ds' });
    await useProjectStore.getState().attach({ kind: 'sample', id: 'penguins' });
    expect(useKaggleStore.getState().using).toBeNull();
  });

  it('saving a token marks Kaggle configured from the app', async () => {
    const calls = fakeApi(() => ({ configured: true, username: 'ann' }));
    expect(await useKaggleStore.getState().save(' ann ', ' k3y ')).toBe(true);
    expect(calls[0].req).toEqual({ username: 'ann', key: 'k3y' });
    expect(useKaggleStore.getState().status).toEqual({ configured: true, username: 'ann', source: 'app' });
  });

  it('turns a ref into a test id', () => expect(refId('owner/name')).toBe('owner__name'));
});
