import type { AsteriskQueueStatus } from '../../ami/asterisk-queue-status.reader';
import { memberIdOf } from '../domain/live-status.types';
import type { SyncView } from './sync-view';

/** Asterisk's side of the comparison: its QueueStatus answer, decoded at the AMI edge. */
export function asteriskSyncView(status: AsteriskQueueStatus): SyncView {
  return {
    queues: status.queues.map((queue) => ({ name: queue.queue, strategy: queue.strategy || null })),
    members: status.members.map((member) => ({
      id: memberIdOf(member.queue, member.interface),
      queue: member.queue,
      interface: member.interface,
      name: member.memberName,
      penalty: member.penalty,
      paused: member.paused,
      // A reason only means something while paused; configuration stores none otherwise.
      pausedReason: member.paused ? member.pausedReason : '',
    })),
  };
}
