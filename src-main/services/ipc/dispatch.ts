import { CHANNELS, type Channel, type Req, type Res } from '@shared/channels';
import { CodedError, isAppError, toAppError, type AppError, type Result } from '@shared/errors';
import type { HostLog } from '../app/host-log';
import { publicError, withoutStacks } from './outbound';
import { REQUEST_SCHEMAS } from './schemas';

export type Handlers = { [K in Channel]: (req: Req<K>) => Promise<Res<K>> };
/** What the dispatcher needs of the handlers: one per channel taking that channel's request. */
type HandlerTable = { [K in Channel]: (req: Req<K>) => Promise<unknown> };

function failure(code: AppError['code'], message: string): Result<never> {
  return { ok: false, error: { name: 'CodedError', code, message } };
}

/**
 * The one entry both hosts call for every renderer request: validates input, runs the handler, and turns every
 * failure into `{ ok: false, error }` with a code and a message only. Bugs (errors without a code) go to the
 * log with their stack; the person reads that something went wrong and where the details are. Never throws.
 */
export function createDispatcher(handlers: HandlerTable, log: HostLog) {
  return async function dispatch(channel: unknown, raw: unknown): Promise<Result<unknown>> {
    if (typeof channel !== 'string' || !(CHANNELS as readonly string[]).includes(channel)) {
      return failure('invalid-input', `Unknown channel '${String(channel).slice(0, 60)}'.`);
    }
    const parsed = REQUEST_SCHEMAS[channel as Channel].safeParse(raw ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue?.path.join('.') || 'input';
      return failure('invalid-input', `Invalid request for ${channel}: ${where} ${issue?.message ?? ''}`.trim());
    }
    try {
      const handler = handlers[channel as Channel] as (req: unknown) => Promise<unknown>;
      return { ok: true, value: withoutStacks(await handler(parsed.data)) };
    } catch (err) {
      if (err instanceof CodedError || isAppError(err)) {
        if (unforeseen(err)) log(`[${channel}] ${err.code}: ${err.message}`, err instanceof Error ? err : err.stack);
        return { ok: false, error: publicError(toAppError(err)) };
      }
      log(`[${channel}] unexpected error`, err);
      return failure(
        'internal',
        `Something went wrong (${channel}). The details are in the app's log (logs/host.log in the data folder). Try again; if it keeps happening, report it with that file.`,
      );
    }
  };
}

/**
 * A failure that did not start as one of our coded errors: a bug, or a library's throw a worker turned into a
 * plain message (it keeps the original stack). Its stack belongs in the log.
 */
function unforeseen(err: CodedError | AppError): boolean {
  return err.code === 'internal' || (typeof err.stack === 'string' && !err.stack.startsWith('CodedError'));
}

export type Dispatch = ReturnType<typeof createDispatcher>;
