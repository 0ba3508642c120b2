import type { LiveStatusFrame } from './live-status.input';
import type { ChannelStatusData, LiveStatusChange, OperatorStatusData, QueueCallerData } from '@cc/contracts';
import {
  cleanCallerField,
  isoOfMillis,
  parseBoolField,
  parseChannelState,
  parseDecimalField,
  parseDeviceState,
  parseEpochSeconds,
  parseHms,
  parseIntField,
  parseMemberStatus,
  parseMembership,
} from './ami-field.parsers';
import { sameChannel, sameOperator } from './live-entity.equality';
import {
  createQueueRecord,
  MAX_TRACKED_IGNORED_NAMES,
  memberIdOf,
  type EndpointRecord,
  type LiveState,
  type QueueRecord,
  type RebuildReason,
} from './live-status.types';
import { memberBucketOf, queueStatusOf, sameQueueStatus } from './queue-aggregates';

/**
 * Per-call scratch. One small object per event; everything else the reducer needs lives in the
 * state (indexes, the dirty-queue set), so steady-state ingestion allocates no maps.
 */
interface Apply {
  readonly state: LiveState;
  readonly now: Date;
  iso: string | undefined;
  changes: LiveStatusChange[] | undefined;
}

type Handler = (ctx: Apply, e: LiveStatusFrame) => boolean;

const NO_CHANGES: readonly LiveStatusChange[] = Object.freeze([]);

// The ingestion passes one `now` for a whole chunk of events: format it once, not once per event.
let lastIsoMs = Number.NaN;
let lastIso = '';

function nowIso(ctx: Apply): string {
  if (ctx.iso === undefined) {
    const ms = ctx.now.getTime();
    if (ms !== lastIsoMs) {
      lastIso = ctx.now.toISOString();
      lastIsoMs = ms;
    }
    ctx.iso = lastIso;
  }
  return ctx.iso;
}

function emit(ctx: Apply, change: LiveStatusChange): void {
  (ctx.changes ??= []).push(change);
}

function nextVersion(state: LiveState): number {
  state.version += 1;
  return state.version;
}

// ---------------------------------------------------------------------------------------------
// Entity writes: every mutation goes through these, so "no change, no emit" holds everywhere.

function addToIndex(index: Map<string, Set<string>>, key: string, id: string): void {
  let set = index.get(key);
  if (!set) index.set(key, (set = new Set()));
  set.add(id);
}

function removeFromIndex(index: Map<string, Set<string>>, key: string, id: string): void {
  const set = index.get(key);
  if (!set) return;
  set.delete(id);
  if (set.size === 0) index.delete(key);
}

function ensureQueue(ctx: Apply, name: string): QueueRecord {
  let record = ctx.state.queues.get(name);
  if (!record) {
    record = createQueueRecord(name);
    ctx.state.queues.set(name, record);
    ctx.state.dirtyQueues.add(name);
  }
  return record;
}

/** Moves a member between its queue's bucket counts (`before` absent: added; `after` absent: removed). */
function countMember(state: LiveState, before?: OperatorStatusData, after?: OperatorStatusData): void {
  if (before) {
    const counts = state.queues.get(before.queue)?.memberCounts;
    if (counts) counts[memberBucketOf(before)]--;
  }
  if (after) {
    const counts = state.queues.get(after.queue)?.memberCounts;
    if (counts) counts[memberBucketOf(after)]++;
  }
}

/** `next` must be a fresh object: it becomes the stored value, `updatedAt` overwritten (pass anything). */
function putOperator(ctx: Apply, next: OperatorStatusData, stateInterface?: string): void {
  const { state } = ctx;
  const prev = state.operators.get(next.id);
  if (!prev) {
    addToIndex(state.membersByQueue, next.queue, next.id);
    addToIndex(state.membersByInterface, next.interface, next.id);
    ensureQueue(ctx, next.queue);
  }
  if (stateInterface !== undefined && state.memberStateInterface.get(next.id) !== stateInterface) {
    const old = state.memberStateInterface.get(next.id);
    if (old !== undefined) removeFromIndex(state.membersByStateInterface, old, next.id);
    state.memberStateInterface.set(next.id, stateInterface);
    addToIndex(state.membersByStateInterface, stateInterface, next.id);
  }
  if (prev && sameOperator(prev, next)) return;
  next.updatedAt = nowIso(ctx);
  state.operators.set(next.id, next);
  countMember(state, prev, next);
  state.dirtyQueues.add(next.queue);
  emit(ctx, { op: 'upsert', kind: 'operator', id: next.id, version: nextVersion(state), value: next });
}

function removeOperator(ctx: Apply, id: string): void {
  const { state } = ctx;
  const prev = state.operators.get(id);
  if (!prev) return;
  state.operators.delete(id);
  removeFromIndex(state.membersByQueue, prev.queue, id);
  removeFromIndex(state.membersByInterface, prev.interface, id);
  const stateInterface = state.memberStateInterface.get(id);
  if (stateInterface !== undefined) removeFromIndex(state.membersByStateInterface, stateInterface, id);
  state.memberStateInterface.delete(id);
  countMember(state, prev);
  state.dirtyQueues.add(prev.queue);
  emit(ctx, { op: 'remove', kind: 'operator', id, version: nextVersion(state) });
}

/** `next.duration` is recomputed from `startedAt`; pass anything. */
function putChannel(ctx: Apply, next: ChannelStatusData): void {
  const { state } = ctx;
  const prev = state.channels.get(next.id);
  if (prev && sameChannel(prev, next)) return;
  const duration = Math.max(0, Math.floor((ctx.now.getTime() - Date.parse(next.startedAt)) / 1000));
  const value: ChannelStatusData = { ...next, duration: Number.isFinite(duration) ? duration : 0 };
  state.channels.set(value.id, value);
  emit(ctx, { op: 'upsert', kind: 'channel', id: value.id, version: nextVersion(state), value });
}

function setChannelBridge(ctx: Apply, uniqueid: string, bridgeId: string | null): void {
  const { state } = ctx;
  const ch = state.channels.get(uniqueid);
  if (!ch) return;
  if (ch.bridgeId !== null && ch.bridgeId !== bridgeId)
    removeFromIndex(state.channelsByBridge, ch.bridgeId, uniqueid);
  if (bridgeId !== null) addToIndex(state.channelsByBridge, bridgeId, uniqueid);
  putChannel(ctx, { ...ch, bridgeId });
}

function setChannelQueue(ctx: Apply, uniqueid: string | undefined, queue: string): void {
  if (!uniqueid) return;
  const ch = ctx.state.channels.get(uniqueid);
  if (ch && ch.queue !== queue) putChannel(ctx, { ...ch, queue });
}

function clearCall(ctx: Apply, memberId: string): void {
  const op = ctx.state.operators.get(memberId);
  if (op && (op.inCall || op.currentCall)) putOperator(ctx, { ...op, inCall: false, currentCall: null });
}

function removeCaller(ctx: Apply, record: QueueRecord, uniqueid: string): boolean {
  const gone = record.callers.get(uniqueid);
  if (!gone) return false;
  record.callers.delete(uniqueid);
  // Asterisk renumbers the callers behind the one that left (leave_queue), so do we.
  for (const [id, c] of record.callers) {
    if (c.position > gone.position) record.callers.set(id, { ...c, position: c.position - 1 });
  }
  ctx.state.dirtyQueues.add(record.name);
  return true;
}

function markRebuild(ctx: Apply, reason: RebuildReason): boolean {
  const { state } = ctx;
  state.rebuildRequired = true;
  // Not a change of any entity: the ingestion reads `rebuildRequired` after each batch.
  state.rebuildReason = reason;
  return true;
}

// ---------------------------------------------------------------------------------------------
// Queue members

/**
 * `stored` when it equals `fresh`. The state is long-lived (V8's old generation), a frame's strings
 * die young unless something long-lived keeps them: storing an equal fresh string on every event kept
 * each one past its frame, and the young-generation GC then copied and promoted it.
 */
function kept(stored: string | undefined, fresh: string): string {
  return stored === fresh ? stored : fresh;
}

// Pause reasons are a short vocabulary that members move in and out of: one string each. Bounded so
// that invented reasons cannot grow it; past the bound a reason is stored as it came.
const MAX_INTERNED_REASONS = 256;
const internedReasons = new Map<string, string>();

function internReason(reason: string): string {
  const known = internedReasons.get(reason);
  if (known !== undefined) return known;
  if (internedReasons.size < MAX_INTERNED_REASONS) internedReasons.set(reason, reason);
  return reason;
}

function upsertMember(ctx: Apply, queue: string, iface: string, e: LiveStatusFrame): void {
  const { state } = ctx;
  const id = memberIdOf(queue, iface);
  const prev = state.operators.get(id);
  const stateInterface = e.StateInterface || (prev ? state.memberStateInterface.get(id) : undefined) || iface;
  const paused = parseBoolField(e.Paused) ?? prev?.paused ?? false;
  // Asterisk 12+ sends PausedReason; 1.8-11 QueueMemberPaused sent Reason. An unpause always clears it.
  const reasonField = e.PausedReason ?? e.Reason;
  const pausedReason = !paused ? '' : (reasonField ?? (prev?.paused ? prev.pausedReason : ''));
  const currentCall = prev?.currentCall ?? null;
  // A QueueMemberStatus generated between AgentConnect and the bridge can still say InCall 0.
  const inCall = (parseBoolField(e.InCall) ?? prev?.inCall ?? false) || currentCall !== null;
  const lastCall = parseEpochSeconds(e.LastCall);
  const fresh = lastCall !== undefined ? lastCall : (prev?.lastCallAt ?? null);
  // Strings read from the frame are new with every event: where they equal what is stored, the stored
  // ones are kept (see `kept`). id, interface and queue are the same strings whenever `prev` exists.
  const name = kept(prev?.name, e.MemberName ?? e.Name ?? prev?.name ?? iface);
  const status =
    parseMemberStatus(e.Status) ?? prev?.status ?? state.devices.get(stateInterface) ?? 'UNKNOWN';
  const lastCallAt = fresh !== null && prev?.lastCallAt === fresh ? prev.lastCallAt : fresh;
  const callsTaken = parseIntField(e.CallsTaken) ?? prev?.callsTaken ?? 0;
  const penalty = parseIntField(e.Penalty) ?? prev?.penalty ?? 0;
  const membership = parseMembership(e.Membership) ?? prev?.membership ?? 'dynamic';
  const reason = kept(prev?.pausedReason, internReason(pausedReason));
  // Two literals on purpose: V8 decides per literal whether to allocate its objects straight in the
  // old generation, from how many survive. A rebuild adds every member and all of them survive, which
  // made V8 do so for every later update too, though an update lives only until the member's next
  // event; updates then filled the old generation with garbage. New members and updates now have
  // their own literal, so the rebuild's decision stays with new members.
  const next: OperatorStatusData = prev
    ? {
        id: prev.id,
        name,
        interface: prev.interface,
        queue: prev.queue,
        status,
        paused,
        pausedReason: reason,
        inCall,
        currentCall,
        lastCallAt,
        callsTaken,
        penalty,
        membership,
        updatedAt: '',
      }
    : {
        id,
        name,
        interface: iface,
        queue,
        status,
        paused,
        pausedReason: reason,
        inCall,
        currentCall,
        lastCallAt,
        callsTaken,
        penalty,
        membership,
        updatedAt: '',
      };
  putOperator(ctx, next, stateInterface);
}

/** QueueMemberStatus/Added/Pause(d)/Penalty/Ringinuse and the QueueMember list item all carry the member. */
const onMember: Handler = (ctx, e) => {
  // QueueMember list items and pre-12 events say Location/Name where events now say Interface/MemberName.
  const iface = e.Interface || e.Location;
  if (!iface) return false;
  if (e.Queue) {
    upsertMember(ctx, e.Queue, iface, e);
    return true;
  }
  // Old QueuePause without Queue: apply to every queue the interface belongs to.
  const ids = ctx.state.membersByInterface.get(iface);
  if (!ids) return false;
  for (const id of [...ids]) {
    const op = ctx.state.operators.get(id);
    if (op) upsertMember(ctx, op.queue, iface, e);
  }
  return true;
};

const onMemberRemoved: Handler = (ctx, e) => {
  const iface = e.Interface || e.Location;
  if (!iface || !e.Queue) return false;
  removeOperator(ctx, memberIdOf(e.Queue, iface));
  return true;
};

const onDeviceState: Handler = (ctx, e) => {
  const device = e.Device;
  // Queue:<q>_avail / Queue:<q>_pause_<iface> are app_queue's own hint devices: pure noise here.
  if (!device || device.startsWith('Queue:')) return false;
  const status = parseDeviceState(e.State);
  if (!status) return false;
  const { state } = ctx;
  state.devices.set(device, status);
  // app_queue copies the state_interface's device state into the member; QueueMemberStatus usually
  // follows and stays authoritative, but not when app_queue sees nothing new (e.g. still unavailable).
  const ids = state.membersByStateInterface.get(device);
  if (ids) {
    for (const id of ids) {
      const op = state.operators.get(id);
      if (op && op.status !== status) putOperator(ctx, { ...op, status });
    }
  }
  return true;
};

// ---------------------------------------------------------------------------------------------
// Channels

function channelFields(
  ctx: Apply,
  e: LiveStatusFrame,
  uniqueid: string,
  prev: ChannelStatusData | undefined,
): ChannelStatusData {
  return {
    id: uniqueid,
    name: e.Channel ?? prev?.name ?? '',
    state: parseChannelState(e.ChannelState, e.ChannelStateDesc) ?? prev?.state ?? 'DOWN',
    callerId: cleanCallerField(e.CallerIDNum) ?? prev?.callerId ?? '',
    connectedLine: cleanCallerField(e.ConnectedLineNum) ?? prev?.connectedLine ?? '',
    extension: e.Exten ?? prev?.extension ?? '',
    context: e.Context ?? prev?.context ?? '',
    linkedId: e.Linkedid || prev?.linkedId || uniqueid,
    bridgeId: prev?.bridgeId ?? null,
    queue: prev?.queue ?? null,
    startedAt: prev?.startedAt ?? nowIso(ctx),
    duration: 0,
  };
}

const onNewchannel: Handler = (ctx, e) => {
  const uniqueid = e.Uniqueid;
  if (!uniqueid) return false;
  putChannel(ctx, channelFields(ctx, e, uniqueid, ctx.state.channels.get(uniqueid)));
  return true;
};

// Only Newchannel (or a CoreShowChannel item) creates a channel: Asterisk sends e.g. a NewCallerid
// for a Local half after its Hangup, which must not resurrect it.
const onChannelUpdate: Handler = (ctx, e) => {
  const uniqueid = e.Uniqueid;
  const prev = uniqueid ? ctx.state.channels.get(uniqueid) : undefined;
  if (!uniqueid || !prev) return false;
  putChannel(ctx, channelFields(ctx, e, uniqueid, prev));
  return true;
};

const onHangup: Handler = (ctx, e) => {
  const uniqueid = e.Uniqueid;
  if (!uniqueid) return false;
  const { state } = ctx;
  const memberId = state.memberByCallUniqueid.get(uniqueid);
  if (memberId !== undefined) {
    for (const [uid, mid] of state.memberByCallUniqueid)
      if (mid === memberId) state.memberByCallUniqueid.delete(uid);
    clearCall(ctx, memberId);
  }
  const ch = state.channels.get(uniqueid);
  if (ch) {
    if (ch.bridgeId !== null) removeFromIndex(state.channelsByBridge, ch.bridgeId, uniqueid);
    if (ch.queue !== null) {
      const record = state.queues.get(ch.queue);
      if (record) removeCaller(ctx, record, uniqueid);
    }
    state.channels.delete(uniqueid);
    emit(ctx, { op: 'remove', kind: 'channel', id: uniqueid, version: nextVersion(state) });
  }
  return true;
};

const onBridgeEnter: Handler = (ctx, e) => {
  if (!e.Uniqueid || !e.BridgeUniqueid) return false;
  setChannelBridge(ctx, e.Uniqueid, e.BridgeUniqueid);
  return true;
};

const onBridgeLeave: Handler = (ctx, e) => {
  if (!e.Uniqueid || !e.BridgeUniqueid) return false;
  const ch = ctx.state.channels.get(e.Uniqueid);
  if (ch && ch.bridgeId === e.BridgeUniqueid) {
    removeFromIndex(ctx.state.channelsByBridge, e.BridgeUniqueid, e.Uniqueid);
    putChannel(ctx, { ...ch, bridgeId: null });
  }
  return true;
};

const onBridgeDestroy: Handler = (ctx, e) => {
  const bridgeId = e.BridgeUniqueid;
  if (!bridgeId) return false;
  const members = ctx.state.channelsByBridge.get(bridgeId);
  if (members) {
    ctx.state.channelsByBridge.delete(bridgeId);
    for (const uid of members) {
      const ch = ctx.state.channels.get(uid);
      if (ch && ch.bridgeId === bridgeId) putChannel(ctx, { ...ch, bridgeId: null });
    }
  }
  return true;
};

const onCoreShowChannel: Handler = (ctx, e) => {
  const uniqueid = e.Uniqueid;
  if (!uniqueid) return false;
  const prev = ctx.state.channels.get(uniqueid);
  const fields = channelFields(ctx, e, uniqueid, prev);
  const elapsed = parseHms(e.Duration);
  if (!prev && elapsed !== undefined) {
    fields.startedAt = isoOfMillis(ctx.now.getTime() - elapsed * 1000) ?? fields.startedAt;
  }
  // The queue caller runs app Queue with data `<queue>,<options>...`.
  if (e.Application === 'Queue' && e.ApplicationData)
    fields.queue = e.ApplicationData.split(',')[0] || fields.queue;
  if (e.BridgeId !== undefined) {
    const bridgeId = e.BridgeId || null;
    if (prev?.bridgeId && prev.bridgeId !== bridgeId)
      removeFromIndex(ctx.state.channelsByBridge, prev.bridgeId, uniqueid);
    if (bridgeId !== null) addToIndex(ctx.state.channelsByBridge, bridgeId, uniqueid);
    fields.bridgeId = bridgeId;
  }
  putChannel(ctx, fields);
  return true;
};

// ---------------------------------------------------------------------------------------------
// Queue callers and agent calls

function putCaller(
  ctx: Apply,
  record: QueueRecord,
  e: LiveStatusFrame,
  uniqueid: string,
  joinedAt: string,
): void {
  const prev = record.callers.get(uniqueid);
  const caller: QueueCallerData = {
    uniqueid,
    channel: e.Channel ?? prev?.channel ?? '',
    callerId: cleanCallerField(e.CallerIDNum) ?? prev?.callerId ?? '',
    callerName: cleanCallerField(e.CallerIDName) ?? prev?.callerName ?? '',
    position: parseIntField(e.Position) ?? prev?.position ?? record.callers.size + 1,
    joinedAt: prev?.joinedAt ?? joinedAt,
  };
  record.callers.set(uniqueid, caller);
  ctx.state.dirtyQueues.add(record.name);
  setChannelQueue(ctx, uniqueid, record.name);
}

const onCallerJoin: Handler = (ctx, e) => {
  if (!e.Queue || !e.Uniqueid) return false;
  putCaller(ctx, ensureQueue(ctx, e.Queue), e, e.Uniqueid, nowIso(ctx));
  return true;
};

const onQueueEntry: Handler = (ctx, e) => {
  if (!e.Queue || !e.Uniqueid) return false;
  const wait = parseIntField(e.Wait) ?? 0;
  const joinedAt = isoOfMillis(ctx.now.getTime() - wait * 1000) ?? nowIso(ctx);
  putCaller(ctx, ensureQueue(ctx, e.Queue), e, e.Uniqueid, joinedAt);
  return true;
};

const onCallerLeave: Handler = (ctx, e) => {
  if (!e.Queue || !e.Uniqueid) return false;
  removeCaller(ctx, ensureQueue(ctx, e.Queue), e.Uniqueid);
  return true;
};

const onCallerAbandon: Handler = (ctx, e) => {
  if (!e.Queue) return false;
  const record = ensureQueue(ctx, e.Queue);
  record.abandoned += 1;
  ctx.state.dirtyQueues.add(record.name);
  if (e.Uniqueid) removeCaller(ctx, record, e.Uniqueid);
  return true;
};

const onAgentCalled: Handler = (ctx, e) => {
  if (!e.Queue) return false;
  setChannelQueue(ctx, e.DestUniqueid, e.Queue);
  return true;
};

const onAgentConnect: Handler = (ctx, e) => {
  const iface = e.Interface;
  if (!e.Queue || !iface) return false;
  const { state } = ctx;
  const id = memberIdOf(e.Queue, iface);
  const op = state.operators.get(id);
  if (op) {
    putOperator(ctx, {
      ...op,
      inCall: true,
      currentCall: {
        channel: e.Channel ?? '',
        caller: cleanCallerField(e.CallerIDNum) ?? '',
        since: nowIso(ctx),
      },
    });
    if (e.Uniqueid) state.memberByCallUniqueid.set(e.Uniqueid, id);
    if (e.DestUniqueid) state.memberByCallUniqueid.set(e.DestUniqueid, id);
  }
  setChannelQueue(ctx, e.Uniqueid, e.Queue);
  setChannelQueue(ctx, e.DestUniqueid, e.Queue);
  const record = state.queues.get(e.Queue);
  if (record && e.Uniqueid) removeCaller(ctx, record, e.Uniqueid);
  return true;
};

const onAgentComplete: Handler = (ctx, e) => {
  const iface = e.Interface;
  if (!e.Queue || !iface) return false;
  const { state } = ctx;
  if (e.Uniqueid) state.memberByCallUniqueid.delete(e.Uniqueid);
  if (e.DestUniqueid) state.memberByCallUniqueid.delete(e.DestUniqueid);
  clearCall(ctx, memberIdOf(e.Queue, iface));
  // app_queue counts a call as completed (and within service level if it was answered within
  // ServiceLevel seconds of joining) when it ends, i.e. at AgentComplete.
  const record = ensureQueue(ctx, e.Queue);
  record.completed += 1;
  const holdTime = parseIntField(e.HoldTime);
  if (holdTime !== undefined && holdTime <= record.serviceLevelSec) record.completedInServiceLevel += 1;
  record.serviceLevelPctFromParams = null;
  state.dirtyQueues.add(record.name);
  return true;
};

const onQueueParams: Handler = (ctx, e) => {
  if (!e.Queue) return false;
  const record = ensureQueue(ctx, e.Queue);
  record.strategy = e.Strategy || record.strategy;
  record.completed = parseIntField(e.Completed) ?? record.completed;
  record.abandoned = parseIntField(e.Abandoned) ?? record.abandoned;
  record.serviceLevelSec = parseIntField(e.ServiceLevel) ?? record.serviceLevelSec;
  const perf = parseDecimalField(e.ServicelevelPerf);
  if (perf !== undefined) {
    record.serviceLevelPctFromParams = perf;
    record.completedInServiceLevel = Math.round((perf * record.completed) / 100);
  }
  ctx.state.dirtyQueues.add(record.name);
  return true;
};

const onQueueSummary: Handler = (ctx, e) => {
  if (!e.Queue) return false;
  ensureQueue(ctx, e.Queue);
  return true;
};

// ---------------------------------------------------------------------------------------------
// Endpoints (no public entity yet: kept for the device picture and future use)

function endpointOf(ctx: Apply, name: string): EndpointRecord {
  let ep = ctx.state.endpoints.get(name);
  if (!ep) ctx.state.endpoints.set(name, (ep = { contacts: new Map(), peerStatus: null }));
  return ep;
}

const onContactStatus: Handler = (ctx, e) => {
  const name = e.EndpointName || e.AOR || e.Endpoint;
  const uri = e.URI || e.Uri;
  const status = e.ContactStatus || e.Status;
  if (!name || !uri || !status) return false;
  const ep = endpointOf(ctx, name);
  if (status === 'Removed') ep.contacts.delete(uri);
  else ep.contacts.set(uri, status);
  return true;
};

const onPeerStatus: Handler = (ctx, e) => {
  const peer = e.Peer;
  if (!peer || !e.PeerStatus) return false;
  endpointOf(ctx, peer.slice(peer.indexOf('/') + 1)).peerStatus = e.PeerStatus;
  return true;
};

const HANDLERS: ReadonlyMap<string, Handler> = new Map<string, Handler>([
  ['QueueMemberStatus', onMember],
  ['QueueMemberAdded', onMember],
  ['QueueMemberPause', onMember],
  ['QueueMemberPaused', onMember],
  ['QueueMemberPenalty', onMember],
  ['QueueMemberRinginuse', onMember],
  ['QueueMember', onMember],
  ['QueueMemberRemoved', onMemberRemoved],
  ['DeviceStateChange', onDeviceState],
  ['Newchannel', onNewchannel],
  ['Newstate', onChannelUpdate],
  ['NewCallerid', onChannelUpdate],
  ['NewConnectedLine', onChannelUpdate],
  ['Newexten', onChannelUpdate],
  ['Hangup', onHangup],
  ['BridgeCreate', () => true],
  ['BridgeEnter', onBridgeEnter],
  ['BridgeLeave', onBridgeLeave],
  ['BridgeDestroy', onBridgeDestroy],
  ['CoreShowChannel', onCoreShowChannel],
  ['QueueCallerJoin', onCallerJoin],
  ['QueueCallerLeave', onCallerLeave],
  ['QueueCallerAbandon', onCallerAbandon],
  ['QueueEntry', onQueueEntry],
  ['QueueParams', onQueueParams],
  ['QueueSummary', onQueueSummary],
  ['AgentCalled', onAgentCalled],
  ['AgentConnect', onAgentConnect],
  ['AgentComplete', onAgentComplete],
  // Ring timeouts change nothing we keep: the member's device state arrives as QueueMemberStatus.
  ['AgentRingNoAnswer', () => true],
  ['ContactStatus', onContactStatus],
  ['ContactList', onContactStatus],
  ['PeerStatus', onPeerStatus],
  ['FullyBooted', (ctx) => markRebuild(ctx, 'fully-booted')],
  ['Shutdown', (ctx) => markRebuild(ctx, 'shutdown')],
  ['Reload', (ctx) => markRebuild(ctx, 'reload')],
]);

function countIgnored(state: LiveState, name: string): void {
  state.stats.ignored += 1;
  const byEvent = state.stats.ignoredByEvent;
  // One slot stays free for `(other)`, so a stream of invented names cannot grow the map.
  const key = byEvent.has(name) || byEvent.size < MAX_TRACKED_IGNORED_NAMES - 1 ? name : '(other)';
  byEvent.set(key, (byEvent.get(key) ?? 0) + 1);
}

function flushQueues(ctx: Apply): void {
  const { state } = ctx;
  for (const name of state.dirtyQueues) {
    const record = state.queues.get(name);
    if (!record) continue;
    const next = queueStatusOf(record, ctx.now, nowIso(ctx));
    if (record.value && sameQueueStatus(record.value, next)) continue;
    record.value = next;
    emit(ctx, { op: 'upsert', kind: 'queue', id: name, version: nextVersion(state), value: next });
  }
  state.dirtyQueues.clear();
}

/**
 * Applies one AMI event (or list item) to `state` IN PLACE and returns what changed.
 *
 * Contract:
 * - `state`'s maps are mutated; entity objects in them are replaced, never mutated, so a change's
 *   `value` (the full new entity) stays valid after later events.
 * - Nothing is returned for an event that changes nothing (the returned array is then a shared,
 *   frozen empty array: do not push into it).
 * - Every change carries `version` = the state's next version number: strictly increasing across
 *   all changes, so also per entity.
 * - A queue's aggregates are recomputed at most once per event, after the entity changes it
 *   causes; its change comes after theirs.
 * - Unknown events, responses and malformed fields never throw: they are counted in `state.stats`.
 */
export function applyAmiEvent(state: LiveState, event: LiveStatusFrame, now: Date): LiveStatusChange[] {
  const ctx: Apply = { state, now, iso: undefined, changes: undefined };
  applyTo(ctx, event);
  if (state.dirtyQueues.size > 0) flushQueues(ctx);
  return ctx.changes ?? (NO_CHANGES as LiveStatusChange[]);
}

/**
 * The same for a run of events applied together (one read's worth, in the ingestion), with one
 * difference: each queue touched by the run has its aggregates recomputed once, at the end, and its
 * change comes after every entity change of the run. Under a flood a queue's totals then cost one
 * computation per read instead of one per member event, and its readers (the store, the realtime
 * rooms) get one queue change where they kept only the last anyway. Changes are appended to `into`.
 * `onError` is told of an event whose handler threw (the reducer is total by design; this only
 * guards the run against a bug in it) and the run goes on.
 */
export function applyAmiEvents(
  state: LiveState,
  events: ArrayLike<LiveStatusFrame>,
  from: number,
  to: number,
  now: Date,
  into: LiveStatusChange[],
  onError: (event: LiveStatusFrame, error: unknown) => void,
): void {
  const ctx: Apply = { state, now, iso: undefined, changes: into };
  for (let i = from; i < to; i++) {
    const event = events[i];
    try {
      applyTo(ctx, event);
    } catch (error) {
      onError(event, error);
    }
  }
  if (state.dirtyQueues.size > 0) flushQueues(ctx);
}

function applyTo(ctx: Apply, event: LiveStatusFrame): void {
  const { state } = ctx;
  const name = event.Event;
  const handler = name === undefined ? undefined : HANDLERS.get(name);
  if (!handler) {
    countIgnored(state, name ?? '(no Event)');
    return;
  }
  if (handler(ctx, event)) state.stats.applied += 1;
  else countIgnored(state, name as string);
}
