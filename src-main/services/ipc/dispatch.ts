import { CHANNELS, type Channel, type Req, type Res } from '@shared/channels';
import { CodedError, fail, ok, type Result } from '@shared/errors';
import { REQUEST_SCHEMAS } from './schemas';

export type Handlers = { [K in Channel]: (req: Req<K>) => Promise<Res<K>> };

/**
 * The one entry both hosts call for every renderer request: validates input, runs the handler, and turns
 * expected failures into `{ ok: false, error }`. Bugs (non-coded errors) are logged and returned as `internal`.
 */
export function createDispatcher(handlers: Handlers, log: (message: string, err: unknown) => void = console.error) {
  return async function dispatch(channel: string, raw: unknown): Promise<Result<unknown>> {
    if (!(CHANNELS as readonly string[]).includes(channel)) {
      return fail(new CodedError('invalid-input', `Unknown channel '${String(channel).slice(0, 60)}'.`));
    }
    const parsed = REQUEST_SCHEMAS[channel as Channel].safeParse(raw ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return fail(
        new CodedError(
          'invalid-input',
          `Invalid request for ${channel}: ${issue?.path.join('.') || 'input'} ${issue?.message ?? ''}`.trim(),
        ),
      );
    }
    try {
      const handler = handlers[channel as Channel] as (req: unknown) => Promise<unknown>;
      return ok(await handler(parsed.data));
    } catch (err) {
      if (!(err instanceof CodedError)) log(`[${channel}] unexpected error`, err);
      return fail(err);
    }
  };
}

export type Dispatch = ReturnType<typeof createDispatcher>;
