// Test data for live-status specs (unit and integration). Type-only imports, so nothing here reaches the app bundle.
import type { ChannelStatusData, OperatorStatusData, QueueStatusData } from '@cc/contracts';

const BUILT_AT = '2026-11-24T03:00:00.000Z';

/** An idle static member `PJSIP/<extension>` of `queue`. */
export function anOperator(
  queue: string,
  extension: string,
  patch: Partial<OperatorStatusData> = {},
): OperatorStatusData {
  const iface = `PJSIP/${extension}`;
  return {
    id: `${queue}:${iface}`,
    name: `Agent ${extension}`,
    interface: iface,
    queue,
    status: 'NOT_INUSE',
    paused: false,
    pausedReason: '',
    inCall: false,
    currentCall: null,
    lastCallAt: null,
    callsTaken: 0,
    penalty: 0,
    membership: 'static',
    updatedAt: BUILT_AT,
    ...patch,
  };
}

/** A queue with no members, no callers and no history. */
export function aQueueStatus(name: string, patch: Partial<QueueStatusData> = {}): QueueStatusData {
  return {
    name,
    strategy: 'rrmemory',
    totalMembers: 0,
    available: 0,
    busy: 0,
    paused: 0,
    unavailable: 0,
    callersWaiting: 0,
    longestWaitSec: 0,
    oldestCallerJoinedAt: null,
    completed: 0,
    abandoned: 0,
    serviceLevelPct: 0,
    callers: [],
    updatedAt: BUILT_AT,
    ...patch,
  };
}

/** An answered call from PJSIP/1001 to extension 500 through the `sales` queue. */
export function aChannel(id: string, patch: Partial<ChannelStatusData> = {}): ChannelStatusData {
  return {
    id,
    name: `PJSIP/1001-${id}`,
    state: 'UP',
    callerId: '1001',
    connectedLine: '',
    extension: '500',
    context: 'from-internal',
    linkedId: id,
    bridgeId: null,
    queue: 'sales',
    startedAt: BUILT_AT,
    duration: 0,
    ...patch,
  };
}
