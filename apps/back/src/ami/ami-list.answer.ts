import { AmiActionError, type AmiActionResult, type AmiClient, type AmiMessage } from '@cc/ami';

/** A list action's items, or Asterisk's `Error` answer. */
export type AmiListAnswer<T> = { ok: true; items: T[] } | { ok: false; message: string };

/**
 * True when Asterisk's `Error` answer to a list action only means there is nothing to list. Asterisk 22's
 * res_pjsip `ami_show_contacts` answers PJSIPShowContacts with `Message: No Contacts found` when no
 * contact is registered (seen on Asterisk 22.10.1, issue 8); the other lists we send (QueueStatus,
 * QueueSummary, CoreShowChannels, DeviceStateList) answer an empty list with `Success` and no items.
 * TODO: use `isEmptyListAnswer` from @cc/ami once wip/ami lands it, and delete this copy.
 */
export function isEmptyListAnswer(action: string, message: string | undefined): boolean {
  return action.toLowerCase() === 'pjsipshowcontacts' && message === 'No Contacts found';
}

/**
 * Runs a list action and turns its outcome into a list answer: the items without the closing
 * `…Complete` event (each through `decode`, which may skip one by returning null), an empty list for
 * a "nothing to list" error, the message of any other `Error`. Timeouts and lost connections reject.
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
    if (isEmptyListAnswer(action, error.response['Message'])) return { ok: true, items: [] };
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
