import type { AmiMessage } from '@cc/ami';
import { buildStateFromLists, snapshotOf } from '../domain/live-status.rebuild';
import { syncViewOf, type SyncView } from './sync-view';

/**
 * Asterisk's side of the comparison, read from its QueueStatus answer (QueueParams, QueueMember,
 * QueueEntry items). The reducer parses it, so field names (`Location`, `Name`, `PausedReason`) are
 * read exactly as the ingestion reads them.
 */
export function asteriskSyncView(queueStatusItems: readonly AmiMessage[], now: Date): SyncView {
  const state = buildStateFromLists(
    {
      queueStatus: queueStatusItems,
      queueSummary: [],
      coreShowChannels: [],
      deviceStateList: [],
      pjsipShowContacts: [],
    },
    now,
  );
  const { operators, queues } = snapshotOf(state);
  return syncViewOf(operators, queues);
}
