import { Injectable } from '@nestjs/common';
import { decodeAmiEvent, type AmiMessage, type QueueEntryEvent, type QueueMemberEvent } from '@cc/ami';
import { AmiActionSession } from './ami-action.session';

/** One queue as QueueStatus's QueueParams item states it (the fields configuration compares). */
export interface QueueParamsItem {
  type: 'QueueParams';
  queue: string;
  strategy: string;
}

/** Asterisk's QueueStatus answer as typed items: queues, their members and their waiting callers. */
export interface AsteriskQueueStatus {
  queues: QueueParamsItem[];
  members: QueueMemberEvent[];
  callers: QueueEntryEvent[];
}

type QueueStatusItem = QueueParamsItem | QueueMemberEvent | QueueEntryEvent;

/**
 * Decodes one QueueStatus item. QueueMember and QueueEntry come from @cc/ami's decoder; QueueParams is
 * not an event any feature receives, so it is decoded here (TODO: move to @cc/ami if it gains one).
 */
export function decodeQueueStatusItem(frame: AmiMessage): QueueStatusItem | null {
  if (frame['Event'] === 'QueueParams') {
    return { type: 'QueueParams', queue: frame['Queue'] ?? '', strategy: frame['Strategy'] ?? '' };
  }
  const event = decodeAmiEvent(frame);
  return event?.type === 'QueueMember' || event?.type === 'QueueEntry' ? event : null;
}

export function queueStatusOf(items: readonly QueueStatusItem[]): AsteriskQueueStatus {
  const status: AsteriskQueueStatus = { queues: [], members: [], callers: [] };
  for (const item of items) {
    if (item.type === 'QueueParams') status.queues.push(item);
    else if (item.type === 'QueueMember') status.members.push(item);
    else status.callers.push(item);
  }
  return status;
}

/** Asterisk's queues and members now, read from any instance over its action session. */
@Injectable()
export class AsteriskQueueStatusReader {
  constructor(private readonly session: AmiActionSession) {}

  /** Rejects when Asterisk answers with an error, does not answer in time, or cannot be reached. */
  async read(timeoutMs?: number): Promise<AsteriskQueueStatus> {
    const answer = await this.session.list({ Action: 'QueueStatus' }, decodeQueueStatusItem, timeoutMs);
    if (!answer.ok) throw new Error(`QueueStatus answered an error: ${answer.message}`);
    return queueStatusOf(answer.items);
  }
}
