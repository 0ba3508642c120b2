import type { AmiOutgoingFields } from '@cc/ami';
import type { PauseAction } from '../domain/pause-reconcile';

// TODO(merge wip/ami): replace with the `queuePause` builder of @cc/ami once it lands there.
/** QueuePause as app_queue.c `manager_queue_member_pause` reads it; no Queue header = every queue. */
export function queuePauseFields(action: PauseAction): AmiOutgoingFields {
  const fields: Record<string, string> = {
    Action: 'QueuePause',
    Interface: action.interface,
    Paused: action.paused ? 'true' : 'false',
  };
  if (action.queue !== null) fields['Queue'] = action.queue;
  if (action.paused && action.reason !== null) fields['Reason'] = action.reason;
  return fields;
}
