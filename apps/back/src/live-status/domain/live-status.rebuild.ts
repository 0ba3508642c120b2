import type { AmiMessage } from '@cc/ami';
import type { LiveStatusChange, OperatorStatusData } from '@cc/contracts';
import { sameChannel, sameOperator } from './live-entity.equality';
import { applyAmiEvent } from './live-status.reducer';
import { createLiveState, type LiveState, type LiveStatusContent } from './live-status.types';
import { queueStatusOf, sameQueueStatus } from './queue-aggregates';

/** The list items (events carrying the ActionID) of each action's answer; Complete markers may stay in. */
export interface AmiLists {
  queueStatus: readonly AmiMessage[];
  queueSummary: readonly AmiMessage[];
  coreShowChannels: readonly AmiMessage[];
  deviceStateList: readonly AmiMessage[];
  pjsipShowContacts: readonly AmiMessage[];
}

/** A member's channel is `<interface>-<seq>`; a Local member `Local/x@ctx/n` dials `Local/x@ctx-<seq>;1`. */
function channelPrefixOf(iface: string): string {
  return `${iface.replace(/\/n$/, '')}-`;
}

// QueueStatus says InCall but not with whom: find the member's channel bridged to a caller that
// runs Queue() for the same queue, so a rebuilt state shows the call and reconcile sees no drift.
function deriveCurrentCalls(state: LiveState): void {
  for (const op of state.operators.values()) {
    if (!op.inCall || op.currentCall) continue;
    const prefix = channelPrefixOf(op.interface);
    for (const agentCh of state.channels.values()) {
      if (!agentCh.name.startsWith(prefix) || agentCh.bridgeId === null) continue;
      const bridged = state.channelsByBridge.get(agentCh.bridgeId);
      if (!bridged) continue;
      for (const uid of bridged) {
        const caller = state.channels.get(uid);
        if (!caller || uid === agentCh.id || caller.queue !== op.queue) continue;
        const next: OperatorStatusData = {
          ...op,
          currentCall: { channel: caller.name, caller: caller.callerId, since: agentCh.startedAt },
        };
        state.operators.set(op.id, next);
        state.memberByCallUniqueid.set(caller.id, op.id);
        state.memberByCallUniqueid.set(agentCh.id, op.id);
        if (agentCh.queue === null) state.channels.set(agentCh.id, { ...agentCh, queue: op.queue });
        break;
      }
      if (state.operators.get(op.id)?.currentCall) break;
    }
  }
}

function refreshQueueValues(state: LiveState, now: Date): void {
  const iso = now.toISOString();
  for (const record of state.queues.values()) {
    const members: OperatorStatusData[] = [];
    for (const id of state.membersByQueue.get(record.name) ?? []) {
      const op = state.operators.get(id);
      if (op) members.push(op);
    }
    record.value = queueStatusOf(record, members, now, iso);
  }
}

/**
 * Builds a fresh state from the answers to QueueStatus, QueueSummary, CoreShowChannels,
 * DeviceStateList and PJSIPShowContacts. QueueStatus is applied after DeviceStateList so that its
 * member Status stays authoritative. The result has `rebuildRequired` false and version `versionBase`.
 */
export function buildStateFromLists(lists: AmiLists, now: Date, versionBase = 0): LiveState {
  const state = createLiveState(versionBase);
  const ordered = [
    lists.deviceStateList,
    lists.pjsipShowContacts,
    lists.coreShowChannels,
    lists.queueStatus,
    lists.queueSummary,
  ];
  for (const list of ordered) {
    for (const item of list) applyAmiEvent(state, item, now);
  }
  deriveCurrentCalls(state);
  refreshQueueValues(state, now);
  state.version = versionBase;
  state.rebuildRequired = false;
  state.rebuildReason = null;
  state.builtAt = now;
  state.stats.applied = 0;
  state.stats.ignored = 0;
  state.stats.ignoredByEvent.clear();
  return state;
}

// Lists only estimate start times (from Wait/Duration seconds) and cannot say which queue a ringing
// agent channel belongs to or, when no bridge shows it, whom an in-call member talks to. The running
// state saw the events, so where the entity is the same its knowledge is kept, not reported as drift.
function adoptWhatListsCannotKnow(current: LiveState, fresh: LiveState, now: Date): void {
  for (const [id, ch] of fresh.channels) {
    const cur = current.channels.get(id);
    if (!cur) continue;
    const startedAt = cur.startedAt;
    const queue = ch.queue ?? cur.queue;
    if (startedAt !== ch.startedAt || queue !== ch.queue) fresh.channels.set(id, { ...ch, startedAt, queue });
  }
  for (const [id, op] of fresh.operators) {
    const cur = current.operators.get(id)?.currentCall;
    if (!cur || !op.inCall) continue;
    if (!op.currentCall) {
      fresh.operators.set(id, { ...op, currentCall: cur });
    } else if (cur.channel === op.currentCall.channel && cur.since !== op.currentCall.since) {
      fresh.operators.set(id, { ...op, currentCall: { ...op.currentCall, since: cur.since } });
    }
  }
  for (const [uid, memberId] of current.memberByCallUniqueid) {
    if (fresh.operators.get(memberId)?.currentCall && !fresh.memberByCallUniqueid.has(uid)) {
      fresh.memberByCallUniqueid.set(uid, memberId);
    }
  }
  for (const [name, record] of fresh.queues) {
    const curCallers = current.queues.get(name)?.callers;
    if (!curCallers) continue;
    for (const [uid, caller] of record.callers) {
      const cur = curCallers.get(uid);
      if (cur && cur.joinedAt !== caller.joinedAt)
        record.callers.set(uid, { ...caller, joinedAt: cur.joinedAt });
    }
  }
  refreshQueueValues(fresh, now);
}

/**
 * Diffs the running state against one rebuilt from lists (reconcile). Returns the changes that turn
 * `current` into `fresh` and `drift` = the number of entities that differed.
 *
 * It prepares `fresh` to replace `current`: fresh takes over what only the events could tell (exact
 * start times, a ringing agent channel's queue, the party of a call), keeps current's entity objects
 * where nothing differs (their `updatedAt` stays), and continues current's version counter. Callers
 * then drop `current` and carry on with `fresh`; `current` is not touched.
 */
export function diffStates(
  current: LiveState,
  fresh: LiveState,
): { changes: LiveStatusChange[]; drift: number } {
  if (fresh.builtAt) adoptWhatListsCannotKnow(current, fresh, fresh.builtAt);
  const changes: LiveStatusChange[] = [];
  let version = Math.max(current.version, fresh.version);
  const next = () => ++version;

  for (const [id, op] of fresh.operators) {
    const cur = current.operators.get(id);
    if (cur && sameOperator(cur, op)) fresh.operators.set(id, cur);
    else changes.push({ op: 'upsert', kind: 'operator', id, version: next(), value: op });
  }
  for (const id of current.operators.keys()) {
    if (!fresh.operators.has(id)) changes.push({ op: 'remove', kind: 'operator', id, version: next() });
  }

  for (const [id, ch] of fresh.channels) {
    const cur = current.channels.get(id);
    if (cur && sameChannel(cur, ch)) fresh.channels.set(id, cur);
    else changes.push({ op: 'upsert', kind: 'channel', id, version: next(), value: ch });
  }
  for (const id of current.channels.keys()) {
    if (!fresh.channels.has(id)) changes.push({ op: 'remove', kind: 'channel', id, version: next() });
  }

  for (const [name, record] of fresh.queues) {
    const cur = current.queues.get(name)?.value;
    if (!record.value) continue;
    if (cur && sameQueueStatus(cur, record.value)) record.value = cur;
    else changes.push({ op: 'upsert', kind: 'queue', id: name, version: next(), value: record.value });
  }
  for (const name of current.queues.keys()) {
    if (!fresh.queues.has(name)) changes.push({ op: 'remove', kind: 'queue', id: name, version: next() });
  }

  fresh.version = version;
  fresh.stats.applied += current.stats.applied;
  fresh.stats.ignored += current.stats.ignored;
  for (const [name, count] of current.stats.ignoredByEvent) {
    fresh.stats.ignoredByEvent.set(name, (fresh.stats.ignoredByEvent.get(name) ?? 0) + count);
  }
  return { changes, drift: changes.length };
}

export function snapshotOf(state: LiveState): LiveStatusContent {
  const queues = [];
  for (const record of state.queues.values()) if (record.value) queues.push(record.value);
  return { operators: [...state.operators.values()], channels: [...state.channels.values()], queues };
}
