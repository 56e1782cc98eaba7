import type { RawData, WebSocket } from 'ws';
import { z } from 'zod';
import type { Result } from '@shared/errors';
import type { HostLog } from '../../services/app/host-log';
import type { Dispatch } from '../../services/ipc/dispatch';

/** Largest frame accepted: one upload chunk as base64 (1.4 MB) with room for the biggest request (10k-column edits). */
export const MAX_FRAME_BYTES = 4 * 2 ** 20;
/** Requests one socket may have in flight; more are answered `limit-exceeded` at once. */
export const MAX_IN_FLIGHT = 32;
/** A client that stops reading while we queue this much for it is cut off (it would grow our memory). */
export const MAX_BUFFERED_BYTES = 64 * 2 ** 20;

/** A request frame from the page. */
const requestFrame = z
  .object({ id: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER), channel: z.string().max(100), req: z.unknown() })
  .strict();

/** What we send back: a response to `id`, or an error about a frame we could not read (no id to answer). */
type ServerFrame = { id: number; result: Result<unknown> } | { error: { code: 'invalid-input'; message: string } };

/**
 * Serves one bridge socket: every frame gets exactly one answer (a result, or an error frame when the frame itself
 * is unreadable), and nothing a client sends can throw out of here.
 */
export function serveBridgeSocket(ws: WebSocket, dispatch: Dispatch, log: HostLog): void {
  let inFlight = 0;
  const send = (frame: ServerFrame) => {
    if (ws.readyState !== ws.OPEN) return;
    if (ws.bufferedAmount > MAX_BUFFERED_BYTES) {
      log('bridge: client is not reading its answers; closing the socket');
      ws.terminate();
      return;
    }
    let text: string;
    try {
      text = JSON.stringify(frame);
    } catch (err) {
      log('bridge: an answer could not be serialised', err);
      if (!('id' in frame)) return;
      text = JSON.stringify({
        id: frame.id,
        result: {
          ok: false,
          error: { name: 'CodedError', code: 'internal', message: 'The answer could not be sent.' },
        },
      });
    }
    ws.send(text, (err) => {
      if (err) log('bridge: send failed', err);
    });
  };
  const refuse = (message: string) => send({ error: { code: 'invalid-input', message } });

  ws.on('error', (err) => {
    // ws has already failed the connection (bad UTF-8, RSV bits, unmasked or oversized frames); just note it.
    log(`bridge: socket error (${err.message})`);
  });
  ws.on('message', (data: RawData, isBinary: boolean) => {
    if (isBinary) return refuse('Bridge frames are JSON text.');
    let parsed: unknown;
    try {
      parsed = JSON.parse(rawText(data));
    } catch {
      return refuse('A bridge frame was not valid JSON.');
    }
    const frame = requestFrame.safeParse(parsed);
    if (!frame.success) return refuse('A bridge frame needs { id: integer, channel: string, req }.');
    const { id, channel, req } = frame.data;
    if (inFlight >= MAX_IN_FLIGHT) {
      return send({
        id,
        result: {
          ok: false,
          error: {
            name: 'CodedError',
            code: 'limit-exceeded',
            message: `More than ${MAX_IN_FLIGHT} requests at once on one connection. Wait for answers, then try again.`,
          },
        },
      });
    }
    inFlight++;
    void dispatch(channel, req)
      .catch((err: unknown) => {
        log(`bridge: dispatch threw for ${channel}`, err);
        const result: Result<unknown> = {
          ok: false,
          error: { name: 'CodedError', code: 'internal', message: 'Something went wrong. Try again.' },
        };
        return result;
      })
      .then((result) => {
        inFlight--;
        send({ id, result });
      });
  });
}

function rawText(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}
