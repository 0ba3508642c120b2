import type { AmiChannelSnapshot, AmiEvent } from '@cc/ami';
import type { CallDirection, CallDisposition, CallFacts } from '@cc/contracts';

/**
 * The call ledger's reducer: `(state, typed AMI event, now) -> { state, changes }`, pure.
 *
 * A call is keyed by the Uniqueid of its first channel on our side: the queue caller's channel
 * (QueueCallerJoin) for a queue call, the calling channel of the DialBegin for a direct call. Every
 * channel that belongs to the call (the caller, the agent's leg) points at that key, so Hold, transfers
 * and hangups on any of them find it. A call yields at most one `started`, one `answered` and one
 * `ended` change; the adapter writes each as an idempotent upsert on the key, so replays do not
 * duplicate rows. Events about channels the state does not know (a call begun before a restart) are
 * ignored: the ledger never invents a call it did not see start.
 */

export interface OpenCall {
  facts: CallFacts;
  /** Epoch ms of the milestones the seconds are computed from. */
  startedMs: number;
  enqueuedMs: number | null;
  ringStartedMs: number | null;
  answeredMs: number | null;
  /** Queue calls: the caller left the queue (QueueCallerLeave) / gave up (QueueCallerAbandon). */
  leftMs: number | null;
  abandoned: boolean;
  transferred: boolean;
  holdStartedMs: number | null;
  holdMs: number;
  /** Uniqueids of the call's channels. */
  channels: readonly string[];
}

export interface CallLedgerState {
  calls: ReadonlyMap<string, OpenCall>;
  /** channel Uniqueid -> call key. */
  byChannel: ReadonlyMap<string, string>;
}

export type CallLedgerChange =
  | { kind: 'started'; facts: CallFacts }
  | { kind: 'answered'; facts: CallFacts }
  | { kind: 'ended'; facts: CallFacts };

export interface CallLedgerResult {
  state: CallLedgerState;
  changes: CallLedgerChange[];
}

export const EMPTY_CALL_LEDGER: CallLedgerState = { calls: new Map(), byChannel: new Map() };

/**
 * `PJSIP/1001-0000000a` -> `1001`. An agent's phone is a SIP endpoint named by a numeric extension;
 * trunks (`PJSIP/trunk-…`), Local and other channels are not phones.
 */
export function phoneExtension(channelName: string): string | null {
  const match = /^(?:PJSIP|SIP|IAX2)\/(\d+)-[0-9a-f]+$/i.exec(channelName);
  return match ? match[1] : null;
}

/** `<unknown>` and empty caller ids carry no fact. */
function known(value: string): string | null {
  return value === '' || value === '<unknown>' ? null : value;
}

const seconds = (ms: number): number => Math.max(0, Math.round(ms / 1000));

export function reduceCallLedger(state: CallLedgerState, event: AmiEvent, now: Date): CallLedgerResult {
  const handler = HANDLERS[event.type] as Handler<AmiEvent> | undefined;
  if (handler === undefined) return { state, changes: [] };
  const tx = new LedgerTx(state, now.getTime());
  handler(tx, event);
  return tx.result();
}

/**
 * Drops the calls that began before a rebuild taken at `before` and have no channel of their linkedid
 * in it: their end happened while AMI was not heard (the adapter closes their rows). Calls begun
 * after the rebuild's lists were read are kept, as the lists could not show them.
 */
export function forgetVanishedCalls(
  state: CallLedgerState,
  liveLinkedids: ReadonlySet<string>,
  before: Date,
): CallLedgerState {
  const vanished = [...state.calls.values()].filter(
    (c) => c.startedMs < before.getTime() && !liveLinkedids.has(c.facts.linkedid),
  );
  if (vanished.length === 0) return state;
  const calls = new Map(state.calls);
  const byChannel = new Map(state.byChannel);
  for (const call of vanished) {
    calls.delete(call.facts.uniqueid);
    for (const uniqueid of call.channels) byChannel.delete(uniqueid);
  }
  return { calls, byChannel };
}

type Handler<E extends AmiEvent> = (tx: LedgerTx, event: E) => void;
type HandlerTable = { [T in AmiEvent['type']]?: Handler<Extract<AmiEvent, { type: T }>> };

const HANDLERS: HandlerTable = {
  QueueCallerJoin: (tx, e) => {
    if (tx.keyOf(e.channel.uniqueid) !== null) return;
    tx.start(e.channel, {
      queue: e.queue,
      direction: 'inbound',
      agentExtension: null,
      callerNumber: known(e.channel.callerIdNum),
      callerName: known(e.channel.callerIdName),
      enqueuedAt: tx.now,
    });
  },
  AgentCalled: (tx, e) =>
    tx.update(e.channel.uniqueid, (c) => ({ ringStartedMs: c.ringStartedMs ?? tx.nowMs })),
  QueueCallerLeave: (tx, e) => tx.update(e.channel.uniqueid, (c) => ({ leftMs: c.leftMs ?? tx.nowMs })),
  QueueCallerAbandon: (tx, e) =>
    tx.update(e.channel.uniqueid, (c) => ({
      abandoned: true,
      leftMs: c.leftMs ?? tx.nowMs,
      facts: { ...c.facts, waitSeconds: e.holdTime },
    })),
  AgentConnect: (tx, e) => {
    const key = tx.keyOf(e.channel.uniqueid);
    if (key === null) return;
    tx.attach(key, e.agentChannel.uniqueid);
    // HoldTime and RingTime are app_queue's own figures (seconds waited, seconds the answering member rang).
    tx.answer(key, {
      agentExtension: phoneExtension(e.agentChannel.name) ?? memberExtension(e.interface),
      waitSeconds: e.holdTime,
      ringSeconds: e.ringTime,
    });
  },
  AgentComplete: (tx, e) => {
    const key = tx.keyOf(e.channel.uniqueid);
    if (key === null) return;
    // TalkTime counts from the connect and includes time on hold; the ledger keeps them apart.
    tx.end(key, { talkTotalSeconds: e.talkTime, transferred: e.reason === 'transfer' });
  },
  DialBegin: (tx, e) => {
    const caller = e.channel;
    if (caller === null) return;
    // A queue ringing its members, or a leg of a call already in the ledger.
    if (tx.keyOf(caller.uniqueid) !== null || tx.keyOf(e.destChannel.uniqueid) !== null) return;
    const callerExt = phoneExtension(caller.name);
    const destExt = phoneExtension(e.destChannel.name);
    if (callerExt === null && destExt === null) return;
    const external = e.dialString.includes('@') ? e.dialString.split('@')[0] : null;
    const direction: CallDirection =
      callerExt === null ? 'inbound' : destExt === null ? 'outbound' : 'internal';
    tx.start(caller, {
      queue: null,
      direction,
      agentExtension: direction === 'inbound' ? destExt : callerExt,
      // The other party: who called in, whom the agent called out, or the colleague called.
      callerNumber:
        direction === 'inbound'
          ? known(caller.callerIdNum)
          : (external ?? destExt ?? known(e.destChannel.exten)),
      callerName: direction === 'inbound' ? known(caller.callerIdName) : null,
      enqueuedAt: null,
    });
    tx.update(caller.uniqueid, () => ({ ringStartedMs: tx.nowMs }));
    tx.attach(caller.uniqueid, e.destChannel.uniqueid);
  },
  DialEnd: (tx, e) => {
    if (e.channel === null) return;
    const key = tx.keyOf(e.channel.uniqueid);
    if (key === null || tx.call(key)?.facts.queue !== null) return;
    // BUSY, NOANSWER, CONGESTION...: the hangups that follow end the call as failed.
    if (e.dialStatus !== 'ANSWER') return;
    const ringStarted = tx.call(key)?.ringStartedMs ?? tx.nowMs;
    tx.answer(key, { ringSeconds: seconds(tx.nowMs - ringStarted) });
  },
  Hold: (tx, e) => tx.update(e.channel.uniqueid, (c) => ({ holdStartedMs: c.holdStartedMs ?? tx.nowMs })),
  Unhold: (tx, e) =>
    tx.update(e.channel.uniqueid, (c) =>
      c.holdStartedMs === null ? {} : { holdStartedMs: null, holdMs: c.holdMs + tx.nowMs - c.holdStartedMs },
    ),
  BlindTransfer: (tx, e) => {
    for (const ch of [e.transferer, e.transferee])
      if (ch) tx.update(ch.uniqueid, () => ({ transferred: true }));
  },
  AttendedTransfer: (tx, e) => {
    for (const ch of [e.origTransferer, e.secondTransferer, e.transferee, e.transferTarget])
      if (ch) tx.update(ch.uniqueid, () => ({ transferred: true }));
  },
  Hangup: (tx, e) => {
    const key = tx.keyOf(e.channel.uniqueid);
    if (key === null) return;
    // A queue call ends with its caller (AgentComplete usually ended it already); the agent's leg
    // hanging up first is followed by AgentComplete. A direct call ends with either party.
    if (tx.call(key)?.facts.queue !== null && e.channel.uniqueid !== key) return;
    tx.end(key, { talkTotalSeconds: null, transferred: false });
  },
};

/** `PJSIP/1001` -> `1001`. */
function memberExtension(iface: string): string | null {
  const match = /^(?:PJSIP|SIP|IAX2)\/(\d+)$/i.exec(iface);
  return match ? match[1] : null;
}

interface StartFacts {
  queue: string | null;
  direction: CallDirection;
  agentExtension: string | null;
  callerNumber: string | null;
  callerName: string | null;
  enqueuedAt: string | null;
}

/** One event's worth of edits on copies of the state's maps, made only when something changes. */
class LedgerTx {
  readonly nowMs: number;
  readonly now: string;
  private calls: Map<string, OpenCall> | null = null;
  private byChannel: Map<string, string> | null = null;
  private readonly changes: CallLedgerChange[] = [];

  constructor(
    private readonly base: CallLedgerState,
    nowMs: number,
  ) {
    this.nowMs = nowMs;
    this.now = new Date(nowMs).toISOString();
  }

  keyOf(uniqueid: string): string | null {
    return (this.byChannel ?? this.base.byChannel).get(uniqueid) ?? null;
  }

  call(key: string): OpenCall | undefined {
    return (this.calls ?? this.base.calls).get(key);
  }

  start(channel: AmiChannelSnapshot, facts: StartFacts): void {
    const call: OpenCall = {
      facts: {
        uniqueid: channel.uniqueid,
        linkedid: channel.linkedid || channel.uniqueid,
        ...facts,
        answeredAt: null,
        endedAt: null,
        waitSeconds: null,
        ringSeconds: null,
        talkSeconds: null,
        holdSeconds: null,
        disposition: null,
      },
      startedMs: this.nowMs,
      enqueuedMs: facts.enqueuedAt === null ? null : this.nowMs,
      ringStartedMs: null,
      answeredMs: null,
      leftMs: null,
      abandoned: false,
      transferred: false,
      holdStartedMs: null,
      holdMs: 0,
      channels: [channel.uniqueid],
    };
    this.writable().calls.set(channel.uniqueid, call);
    this.writable().byChannel.set(channel.uniqueid, channel.uniqueid);
    this.changes.push({ kind: 'started', facts: call.facts });
  }

  attach(key: string, uniqueid: string): void {
    const call = this.call(key);
    if (call === undefined || call.channels.includes(uniqueid)) return;
    this.writable().calls.set(key, { ...call, channels: [...call.channels, uniqueid] });
    this.writable().byChannel.set(uniqueid, key);
  }

  /** Applies `patch(call)` to the call that `uniqueid` (any of its channels) belongs to. */
  update(uniqueid: string, patch: (call: OpenCall) => Partial<OpenCall>): void {
    const key = this.keyOf(uniqueid);
    const call = key === null ? undefined : this.call(key);
    if (key === null || call === undefined) return;
    const changes = patch(call);
    if (Object.keys(changes).length === 0) return;
    this.writable().calls.set(key, { ...call, ...changes });
  }

  answer(key: string, facts: Partial<CallFacts>): void {
    const call = this.call(key);
    if (call === undefined || call.answeredMs !== null) return;
    const answered: OpenCall = {
      ...call,
      answeredMs: this.nowMs,
      facts: { ...call.facts, ...facts, answeredAt: this.now },
    };
    this.writable().calls.set(key, answered);
    this.changes.push({ kind: 'answered', facts: answered.facts });
  }

  end(key: string, how: { talkTotalSeconds: number | null; transferred: boolean }): void {
    const call = this.call(key);
    if (call === undefined) return;
    const holdMs = call.holdMs + (call.holdStartedMs === null ? 0 : this.nowMs - call.holdStartedMs);
    const holdSeconds = seconds(holdMs);
    const facts: CallFacts = { ...call.facts, endedAt: this.now };
    if (call.answeredMs !== null) {
      const talkTotal = how.talkTotalSeconds ?? seconds(this.nowMs - call.answeredMs);
      facts.talkSeconds = Math.max(0, talkTotal - holdSeconds);
      facts.holdSeconds = holdSeconds;
    } else if (facts.queue !== null && facts.waitSeconds === null) {
      facts.waitSeconds = seconds((call.leftMs ?? this.nowMs) - (call.enqueuedMs ?? this.nowMs));
    }
    if (call.answeredMs === null && facts.ringSeconds === null && call.ringStartedMs !== null)
      facts.ringSeconds = seconds(this.nowMs - call.ringStartedMs);
    facts.disposition = disposition(call, how.transferred);
    const w = this.writable();
    w.calls.delete(key);
    for (const uniqueid of call.channels) w.byChannel.delete(uniqueid);
    this.changes.push({ kind: 'ended', facts });
  }

  result(): CallLedgerResult {
    if (this.calls === null || this.byChannel === null) return { state: this.base, changes: this.changes };
    return { state: { calls: this.calls, byChannel: this.byChannel }, changes: this.changes };
  }

  private writable(): { calls: Map<string, OpenCall>; byChannel: Map<string, string> } {
    this.calls ??= new Map(this.base.calls);
    this.byChannel ??= new Map(this.base.byChannel);
    return { calls: this.calls, byChannel: this.byChannel };
  }
}

function disposition(call: OpenCall, transferredNow: boolean): CallDisposition {
  if (call.answeredMs !== null) return call.transferred || transferredNow ? 'transferred' : 'answered';
  if (call.facts.queue === null) return 'failed';
  // QueueCallerAbandon is the caller hanging up while waiting; leaving without it is Queue()'s
  // timeout (or an empty queue's leavewhenempty), the caller's channel carrying on in the dialplan.
  return call.abandoned || call.leftMs === null ? 'abandoned' : 'timeout';
}
