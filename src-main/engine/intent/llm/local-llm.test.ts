import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contextFor } from '../fixtures/phrasing-eval';
import { parseGoal } from '../parse-goal';
import { isLoopbackUrl } from '@shared/loopback';
import { askLocalLlm, llmConfigFrom, type LlmConfig } from './local-llm';
import { mergeLlmReading } from './llm-reading';

/** A loopback stand-in for Ollama / llama.cpp / LM Studio: the OpenAI-compatible chat completions API. */
let server: Server;
let base = '';
let reply: (body: { messages: Array<{ role: string; content: string }> }) => {
  status?: number;
  content?: string;
  delayMs?: number;
  /** Never answer (the client must give up by itself). */
  hang?: boolean;
  raw?: string;
};
const seen: Array<{ url?: string; body: { model: string; messages: Array<{ role: string; content: string }> } }> = [];

const read = (req: IncomingMessage): Promise<string> =>
  new Promise((done) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString()));
    req.on('end', () => done(text));
  });

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const body = JSON.parse(await read(req));
    seen.push({ url: req.url, body });
    const r = reply(body);
    if (r.hang) return;
    setTimeout(() => {
      if (res.destroyed) return;
      res.writeHead(r.status ?? 200, { 'Content-Type': 'application/json' });
      res.end(
        r.raw ??
          JSON.stringify({
            id: 'x',
            object: 'chat.completion',
            choices: [{ index: 0, message: { role: 'assistant', content: r.content ?? '' } }],
          }),
      );
    }, r.delayMs ?? 0);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(
  () =>
    new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    }),
);

const cfg = (extra: Partial<LlmConfig> = {}): LlmConfig => ({ url: `${base}/v1`, model: 'qwen2.5:3b', ...extra });
const loans = contextFor('loans')!;

describe('local language model client (loopback fake server)', () => {
  it('sends the goal, column names, kinds and at most three example values, never rows, and reads good JSON', async () => {
    reply = () => ({
      content: '{"task":"classification","target":"approval","reason":"approved is the approval column"}',
    });
    const out = await askLocalLlm('which applications get approved?', loans, cfg());
    expect(out).toEqual({
      ok: true,
      reading: { task: 'classification', target: 'approval', reason: 'approved is the approval column' },
    });
    const last = seen[seen.length - 1];
    expect(last.url).toBe('/v1/chat/completions');
    expect(last.body.model).toBe('qwen2.5:3b');
    const sent = JSON.parse(last.body.messages[1].content);
    expect(sent.goal).toBe('which applications get approved?');
    expect(sent.columns.map((c: { name: string }) => c.name)).toEqual(loans.columns.map((c) => c.name));
    for (const c of sent.columns) expect((c.examples ?? []).length).toBeLessThanOrEqual(3);
    expect(sent.rows).toBe(600);
    expect(last.body.messages[1].content).not.toMatch(/LP100\d{3}/); // identifiers are never sent
  });

  it('takes JSON wrapped in a ```json fence and adds /v1 to a bare base URL', async () => {
    reply = () => ({ content: 'Sure!\n```json\n{"task":"regression","target":"loan_amt"}\n```' });
    const out = await askLocalLlm('how much will they borrow', loans, cfg({ url: base }));
    expect(out).toMatchObject({ ok: true, reading: { task: 'regression', target: 'loan_amt' } });
    expect(seen[seen.length - 1].url).toBe('/v1/chat/completions');
  });

  it('falls back with a note on malformed JSON, a refusal, a wrong shape and an HTTP error', async () => {
    reply = () => ({ content: '{"task": "classification", "target": ' });
    expect(await askLocalLlm('x', loans, cfg())).toMatchObject({
      ok: false,
      note: expect.stringMatching(/no JSON|not JSON/),
    });
    reply = () => ({ content: "I'm sorry, I can't help with that." });
    expect(await askLocalLlm('x', loans, cfg())).toMatchObject({ ok: false, note: expect.stringMatching(/no JSON/) });
    reply = () => ({ content: '{"task":"dance","target":"approval"}' });
    expect(await askLocalLlm('x', loans, cfg())).toMatchObject({
      ok: false,
      note: expect.stringMatching(/expected fields/),
    });
    reply = () => ({ status: 500, raw: '{"error":"model not loaded at /srv/models"}' });
    const failed = await askLocalLlm('x', loans, cfg());
    expect(failed).toMatchObject({ ok: false, note: expect.stringMatching(/HTTP 500/) });
    expect(JSON.stringify(failed)).not.toMatch(/srv/); // no server text reaches a person
  });

  it('gives up on a slow reply after the timeout', async () => {
    // A server that never answers: only the client's own timeout can end the call (no wall-clock bound to guess).
    reply = () => ({ hang: true });
    const out = await askLocalLlm('x', loans, cfg({ timeoutMs: 300 }));
    expect(out).toMatchObject({ ok: false, note: expect.stringMatching(/did not answer within/) });
  });

  it('refuses an address that is not on this computer, and an unreachable server', async () => {
    expect(isLoopbackUrl('http://localhost:11434/v1')).toBe(true);
    expect(isLoopbackUrl('http://[::1]:8080')).toBe(true);
    expect(isLoopbackUrl('https://api.example.com/v1')).toBe(false);
    expect(await askLocalLlm('x', loans, { url: 'http://10.0.0.5:11434' })).toMatchObject({
      ok: false,
      note: expect.stringMatching(/not on this computer/),
    });
    expect(await askLocalLlm('x', loans, { url: 'http://127.0.0.1:9' })).toMatchObject({
      ok: false,
      note: expect.stringMatching(/could not be reached/),
    });
  });

  it('is off by default; AUTOML_LLM_URL turns it on and beats Settings', () => {
    expect(llmConfigFrom({}, {})).toBeNull();
    expect(llmConfigFrom({ llm: { url: '' } }, {})).toBeNull();
    expect(llmConfigFrom({ llm: { url: 'http://localhost:1234/v1', model: 'm' } }, {})).toEqual({
      url: 'http://localhost:1234/v1',
      model: 'm',
    });
    expect(
      llmConfigFrom({ llm: { url: 'http://localhost:1234/v1' } }, { AUTOML_LLM_URL: 'http://127.0.0.1:8080' })?.url,
    ).toBe('http://127.0.0.1:8080');
  });
});

describe('merging the model reading with the rules', () => {
  const rules = parseGoal('predict low birth weight', contextFor('birthwt'));

  it('uses a checked reading that names an existing column of a fitting type, keeping the rules reading as a choice', async () => {
    reply = () => ({ content: '{"task":"classification","target":"low","reason":"low is the low birth weight flag"}' });
    const ctx = contextFor('birthwt')!;
    const merged = mergeLlmReading(rules, await askLocalLlm('predict low birth weight', ctx, cfg()), ctx);
    expect(merged).toMatchObject({ task: 'classification', target: 'low', readBy: 'llm' });
    expect(merged.why).toMatch(/language model: low is the low birth weight flag/);
    expect(merged.alternatives[0]).toMatchObject({ task: rules.task, target: rules.target });
    for (const a of merged.alternatives) expect(a.confidence).toBeLessThan(merged.confidence);
  });

  it('ignores a reading that names a column the data does not have, or does not fit its type', async () => {
    const ctx = contextFor('birthwt')!;
    reply = () => ({ content: '{"task":"regression","target":"birth_weight_grams"}' });
    const wrong = mergeLlmReading(rules, await askLocalLlm('x', ctx, cfg()), ctx);
    expect(wrong).toMatchObject({ task: rules.task, target: rules.target, readBy: 'rules' });
    expect(wrong.llmNote).toMatch(/'birth_weight_grams' that the data does not have\. The rules read the goal instead/);
    reply = () => ({ content: '{"task":"regression","target":"race"}' });
    const misfit = mergeLlmReading(rules, await askLocalLlm('x', ctx, cfg()), ctx);
    expect(misfit.target).toBe(rules.target);
    expect(misfit.llmNote).toMatch(/does not fit the data/);
  });

  it('raises the confidence when the model agrees', async () => {
    const ctx = contextFor('loans')!;
    const mine = parseGoal('which applications get approved?', ctx);
    reply = () => ({ content: JSON.stringify({ task: mine.task, target: mine.target }) });
    const merged = mergeLlmReading(mine, await askLocalLlm('x', ctx, cfg()), ctx);
    expect(merged.confidence).toBeGreaterThanOrEqual(Math.max(mine.confidence, 0.85));
    expect(merged.readBy).toBe('llm');
  });
});
