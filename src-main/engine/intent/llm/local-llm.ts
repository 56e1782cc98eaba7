import { z } from 'zod';
import { isLoopbackUrl } from '@shared/loopback';
import { TASKS } from '@shared/tasks';
import type { GoalContext } from '../goal-context';

/** Where a local model server listens (Ollama, llama.cpp server, LM Studio: the OpenAI-compatible chat API). */
export interface LlmConfig {
  /** Base URL on this machine, e.g. http://localhost:11434/v1 (Ollama) or http://127.0.0.1:8080 (llama.cpp). */
  url: string;
  /** Model name the server knows; servers that serve one model ignore it. */
  model?: string;
  /** How long to wait for the reply before falling back to the rules. */
  timeoutMs?: number;
}

/** The reading the model is asked for, checked with zod before anything else looks at it. */
export const LLM_READING = z.object({
  task: z.enum(TASKS),
  target: z.string().max(500).nullable().optional(),
  date: z.string().max(500).nullable().optional(),
  textColumn: z.string().max(500).nullable().optional(),
  horizon: z.number().int().min(1).max(10_000).nullable().optional(),
  k: z.number().int().min(2).max(50).nullable().optional(),
  reason: z.string().max(1000).optional(),
});
export type LlmReading = z.infer<typeof LLM_READING>;

/** The model's reading, or why there is none (a sentence a person can read; no server text in it). */
export type LlmOutcome = { ok: true; reading: LlmReading } | { ok: false; note: string };

/** At most this many example values per column go to the model; never rows. */
export const EXAMPLES_PER_COLUMN = 3;
const DEFAULT_TIMEOUT_MS = 20_000;

/** The LLM settings from Settings, overridden by AUTOML_LLM_URL / AUTOML_LLM_MODEL; null when off (the default). */
export function llmConfigFrom(
  settings: { llm?: { url?: string; model?: string } } | undefined,
  env: NodeJS.ProcessEnv,
): LlmConfig | null {
  const url = (env.AUTOML_LLM_URL ?? settings?.llm?.url ?? '').trim();
  if (!url) return null;
  const model = (env.AUTOML_LLM_MODEL ?? settings?.llm?.model ?? '').trim();
  const timeout = Number(env.AUTOML_LLM_TIMEOUT_MS);
  return { url, ...(model ? { model } : {}), ...(timeout > 0 ? { timeoutMs: timeout } : {}) };
}

/** What the model sees: the goal, the column names, kinds and a few example values. Never rows. */
export function llmPrompt(goal: string, context: GoalContext): { system: string; user: string } {
  const columns = context.columns.map((c) => ({
    name: c.name,
    kind: c.kind ?? 'unknown',
    ...(c.distinct !== undefined ? { distinct: c.distinct } : {}),
    ...(c.topValues?.length ? { examples: c.topValues.slice(0, EXAMPLES_PER_COLUMN) } : {}),
  }));
  const system =
    'You read what a person wants to learn from a table and answer with one JSON object only, no prose. ' +
    `Keys: "task" (one of ${TASKS.join(', ')}), "target" (the exact name of the column to predict, forecast ` +
    'or explain, or null), "date" (the date column for a forecast, or null), "textColumn" (the text column for ' +
    'sentiment, or null), "horizon" (periods ahead for a forecast, or null), "k" (number of groups for segment, ' +
    'or null), "reason" (one short sentence). Use column names exactly as given. classification predicts a ' +
    'category or yes/no column, regression a numeric column.';
  const user = JSON.stringify({ goal, rows: context.rows, columns });
  return { system, user };
}

/** The JSON object inside a reply that may wrap it in prose or a ```json fence. */
function jsonIn(content: string): unknown {
  const fenced = /```(?:json)?\s*([\s\S]*?)```/.exec(content);
  const text = fenced ? fenced[1] : content;
  const start = text.indexOf('{');
  const end = text.lastIndexOf('}');
  if (start < 0 || end <= start) throw new Error('no JSON object');
  return JSON.parse(text.slice(start, end + 1));
}

const CHAT_REPLY = z.object({
  choices: z.array(z.object({ message: z.object({ content: z.string().nullable().optional() }) })).min(1),
});

/**
 * Asks a local OpenAI-compatible server for a reading of the goal. Never throws: a refused URL, an unreachable
 * or slow server, an HTTP error, a refusal or malformed JSON all come back as { ok: false, note }.
 */
export async function askLocalLlm(
  goal: string,
  context: GoalContext,
  config: LlmConfig,
  signal?: AbortSignal,
): Promise<LlmOutcome> {
  if (!isLoopbackUrl(config.url))
    return { ok: false, note: 'The language model address is not on this computer, so it was not used.' };
  const base = config.url.replace(/\/+$/, '');
  const endpoint = /\/v1$/.test(base) ? `${base}/chat/completions` : `${base}/v1/chat/completions`;
  const timeoutMs = config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const timeout = AbortSignal.timeout(timeoutMs);
  const abort = signal ? AbortSignal.any([signal, timeout]) : timeout;
  const { system, user } = llmPrompt(goal, context);
  let reply: Response;
  try {
    reply = await fetch(endpoint, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        model: config.model ?? 'local',
        temperature: 0,
        response_format: { type: 'json_object' },
        messages: [
          { role: 'system', content: system },
          { role: 'user', content: user },
        ],
      }),
      signal: abort,
    });
  } catch {
    if (timeout.aborted)
      return { ok: false, note: `The language model did not answer within ${Math.round(timeoutMs / 1000)} s.` };
    if (signal?.aborted) return { ok: false, note: 'Reading the goal was cancelled.' };
    return { ok: false, note: 'The language model server could not be reached. Is it running?' };
  }
  if (!reply.ok) return { ok: false, note: `The language model server answered with an error (HTTP ${reply.status}).` };
  let body: unknown;
  try {
    body = await reply.json();
  } catch {
    return { ok: false, note: 'The language model server sent a reply that is not JSON.' };
  }
  const chat = CHAT_REPLY.safeParse(body);
  const content = chat.success ? (chat.data.choices[0].message.content ?? '') : '';
  if (!content) return { ok: false, note: 'The language model sent an empty reply.' };
  let parsed: unknown;
  try {
    parsed = jsonIn(content);
  } catch {
    return { ok: false, note: 'The language model did not answer with a reading (no JSON in its reply).' };
  }
  const reading = LLM_READING.safeParse(parsed);
  if (!reading.success) return { ok: false, note: 'The language model’s reading did not have the expected fields.' };
  return { ok: true, reading: reading.data };
}
