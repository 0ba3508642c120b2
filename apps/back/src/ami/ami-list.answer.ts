import {
  AmiActionError,
  isEmptyListAnswer,
  type AmiActionResult,
  type AmiClient,
  type AmiMessage,
} from '@cc/ami';

/** A list action's items, or Asterisk's `Error` answer. */
export type AmiListAnswer<T> = { ok: true; items: T[] } | { ok: false; message: string };

/**
 * Runs a list action and turns its outcome into a list answer: the items without the closing
 * `…Complete` event (each through `decode`, which may skip one by returning null), an empty list for
 * a "nothing to list" error, the message of any other `Error`. Timeouts and lost connections reject.
 * A fresh Asterisk 22 answers PJSIPShowContacts with `Response: Error` / `No Contacts found`
 * (res_pjsip ami_show_contacts); AmiClient already resolves those as empty lists, and
 * `isEmptyListAnswer` (@cc/ami, one table citing Asterisk's source) keeps that true here whatever
 * client runs the action.
 */
export async function listAnswerOf<T>(
  action: string,
  run: () => Promise<AmiActionResult>,
  decode: (frame: AmiMessage) => T | null,
): Promise<AmiListAnswer<T>> {
  try {
    const result = await run();
    const items: T[] = [];
    for (const frame of result.events) {
      if (frame['EventList'] === 'Complete') continue;
      const item = decode(frame);
      if (item !== null) items.push(item);
    }
    return { ok: true, items };
  } catch (error) {
    if (!(error instanceof AmiActionError)) throw error;
    if (isEmptyListAnswer(action, error.response)) return { ok: true, items: [] };
    return { ok: false, message: error.message };
  }
}

/**
 * A list action on `client`, its frames as they are (the live-status reducer reads them). `onResponse`
 * marks the answer's point in the event stream, where a rebuild cuts.
 */
export function listFrames(
  client: AmiClient,
  action: string,
  options: { timeoutMs: number; onResponse?: () => void },
): Promise<AmiListAnswer<AmiMessage>> {
  const run = () =>
    client.action({ Action: action }, { timeoutMs: options.timeoutMs, onResponse: options.onResponse });
  return listAnswerOf(action, run, (frame) => frame);
}
