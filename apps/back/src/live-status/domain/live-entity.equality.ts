import type { ChannelStatusData, CurrentCall, OperatorStatusData } from '@cc/contracts';

// These decide whether a change is worth emitting, so they leave out fields that move with the
// clock alone (`updatedAt`, `duration`). The loose variants are for reconcile, where a rebuilt
// state can only estimate start times from `Wait`/`Duration` and must not report that as drift.

function sameCall(a: CurrentCall | null, b: CurrentCall | null, strict: boolean): boolean {
  if (a === null || b === null) return a === b;
  return a.channel === b.channel && a.caller === b.caller && (!strict || a.since === b.since);
}

export function sameOperator(a: OperatorStatusData, b: OperatorStatusData, strict = true): boolean {
  return (
    a.id === b.id &&
    a.name === b.name &&
    a.interface === b.interface &&
    a.queue === b.queue &&
    a.status === b.status &&
    a.paused === b.paused &&
    a.pausedReason === b.pausedReason &&
    a.inCall === b.inCall &&
    a.lastCallAt === b.lastCallAt &&
    a.callsTaken === b.callsTaken &&
    a.penalty === b.penalty &&
    a.membership === b.membership &&
    sameCall(a.currentCall, b.currentCall, strict)
  );
}

export function sameChannel(a: ChannelStatusData, b: ChannelStatusData, strict = true): boolean {
  return (
    a.id === b.id &&
    a.name === b.name &&
    a.state === b.state &&
    a.callerId === b.callerId &&
    a.connectedLine === b.connectedLine &&
    a.extension === b.extension &&
    a.context === b.context &&
    a.linkedId === b.linkedId &&
    a.bridgeId === b.bridgeId &&
    a.queue === b.queue &&
    (!strict || a.startedAt === b.startedAt)
  );
}
