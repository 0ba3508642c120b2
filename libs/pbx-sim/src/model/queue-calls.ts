import { randomUUID } from 'node:crypto';
import { AmiFields } from '../ami/ami-wire';
import { SimChannel, channelBlock } from './channel';
import { ChannelTable } from './channel-table';
import { DeviceStates } from './device-states';
import { EndpointChangeOrder, EndpointRegistry } from './endpoint-registry';
import { PbxRuntime, secs } from './pbx-runtime';
import { QueueBook } from './queue-book';
import { countAbandoned, countCompleted, countConnected, slPerf } from './queue-counters';
import { QueueCaller, RingAttempt, SimMember, SimQueue } from './queue.types';

const endpointOf = (iface: string): string | undefined => {
  const m = /^PJSIP\/(\w+)$/.exec(iface);
  return m ? m[1] : undefined;
};

/** app_queue's calls: callers join, members ring (ringall / rrmemory), answer, talk, hang up or abandon. */
export class QueueCalls {
  readonly callers = new Map<number, QueueCaller>();
  private dispatchQueued = false;

  constructor(
    private readonly rt: PbxRuntime,
    private readonly channels: ChannelTable,
    private readonly devices: DeviceStates,
    private readonly book: QueueBook,
    private readonly endpoints: EndpointRegistry,
  ) {}

  /** The endpoint's members follow its device state; freed members get waiting callers. */
  followEndpoint(endpoint: string, order: EndpointChangeOrder): void {
    const state = this.endpoints.endpointDeviceState(endpoint);
    if (this.book.followDevice(`PJSIP/${endpoint}`, state, order)) this.dispatchAll();
  }

  /** SIP legs of every ringing and connected agent are hung up (PBX restart). */
  hangupSipLegs(): void {
    for (const c of this.callers.values())
      for (const r of [...c.rings, ...(c.agent ? [c.agent] : [])]) r.sip?.hangup();
  }

  clear(): void {
    this.callers.clear();
  }

  // app_queue publishes every Agent* event alike: caller and agent snapshots, the member, then its own fields.
  private agentEvent(
    event: 'AgentCalled' | 'AgentRingNoAnswer' | 'AgentConnect' | 'AgentComplete',
    caller: QueueCaller,
    ring: RingAttempt,
    fields: AmiFields,
    agentView: Partial<SimChannel> = {},
  ): void {
    this.rt.emit([
      ['Event', event],
      ['Privilege', 'agent,all'],
      ...channelBlock(caller.caller),
      ...channelBlock(ring.channel, 'Dest', agentView),
      ['Queue', caller.queue],
      ['Interface', ring.member.interface],
      ['MemberName', ring.member.name],
      ...fields,
    ]);
  }

  private queueVars(c: SimChannel, q: SimQueue): void {
    const vars: [string, string][] = [
      ['QUEUENAME', q.config.name],
      ['QUEUEMAX', '0'],
      ['QUEUESTRATEGY', q.config.strategy],
      ['QUEUECALLS', String(q.callers.filter((x) => x.state === 'waiting').length)],
      ['QUEUEHOLDTIME', String(q.holdtimeAvg)],
      ['QUEUETALKTIME', String(q.talktimeAvg)],
      ['QUEUECOMPLETED', String(q.completed)],
      ['QUEUEABANDONED', String(q.abandoned)],
      ['QUEUESRVLEVEL', String(q.config.serviceLevelSeconds)],
      ['QUEUESRVLEVELPERF', slPerf(q).toFixed(1)],
    ];
    for (const [k, v] of vars) this.channels.varSet(c, k, v);
  }

  /**
   * `l2` runs Queue(): the `;2` half of an originated caller's Local pair (`l1` its `;1` half), or a
   * trunk channel (no `l1`). `patience` seconds before it abandons.
   */
  joinQueue(q: SimQueue, l1: SimChannel | undefined, l2: SimChannel, patience?: number): void {
    const caller: QueueCaller = {
      id: this.rt.ids.queueCaller(),
      queue: q.config.name,
      local1: l1,
      caller: l2,
      joinedAt: this.rt.clock.now(),
      originalPosition: q.callers.length + 1,
      state: 'waiting',
      rings: [],
    };
    q.callers.push(caller);
    this.callers.set(caller.id, caller);
    this.devices.set(`Queue:${q.config.name}`, 'RINGING');
    this.channels.event('QueueCallerJoin', l2, 'agent,all', [
      ['Queue', q.config.name],
      ['Position', String(q.callers.length)],
      ['Count', String(q.callers.length)],
    ]);
    if (patience !== undefined) caller.patienceTimer = this.rt.after(patience, () => this.abandon(caller));
    this.dispatch(q);
  }

  private busyInterfaces(): Set<string> {
    const busy = new Set<string>();
    for (const c of this.callers.values()) for (const r of c.rings) busy.add(r.member.stateInterface);
    return busy;
  }

  private inWrapup(m: SimMember, q: SimQueue): boolean {
    return m.lastCall > 0 && this.rt.nowSec() - m.lastCall < q.config.wrapupSeconds;
  }

  /**
   * Deferred to a microtask: it is triggered from inside hangups and state changes, and running it
   * re-entrantly would ring members for a caller that is being torn down.
   */
  dispatchAll(): void {
    if (this.dispatchQueued) return;
    this.dispatchQueued = true;
    queueMicrotask(() => {
      this.dispatchQueued = false;
      for (const q of this.book.queues.values()) this.dispatch(q);
    });
  }

  /** Offer waiting callers to free members (autofill: several callers may ring at once). */
  dispatch(q: SimQueue): void {
    for (const caller of q.callers) {
      if (caller.state !== 'waiting' || caller.rings.length > 0 || caller.retryTimer) continue;
      const busy = this.busyInterfaces();
      const free = q.members.filter(
        (m) =>
          !m.paused && !busy.has(m.stateInterface) && this.book.deviceStatus(m) === 1 && !this.inWrapup(m, q),
      );
      if (free.length === 0) {
        const wrapping = q.members.filter(
          (m) => !m.paused && this.book.deviceStatus(m) === 1 && this.inWrapup(m, q),
        );
        if (wrapping.length > 0) {
          const soonest = Math.min(...wrapping.map((m) => m.lastCall + q.config.wrapupSeconds));
          caller.retryTimer = this.rt.after(Math.max(0.05, soonest - this.rt.clock.now() / 1000), () => {
            caller.retryTimer = undefined;
            this.dispatch(q);
          });
        }
        return;
      }
      let chosen: SimMember[];
      if (q.config.strategy === 'ringall') chosen = free;
      else {
        const idx = (m: SimMember) => q.members.indexOf(m);
        const next = free.find((m) => idx(m) > q.rrLast) ?? free[0];
        q.rrLast = idx(next);
        chosen = [next];
      }
      for (const m of chosen) this.ringMember(caller, q, m);
    }
  }

  private ringMember(caller: QueueCaller, q: SimQueue, m: SimMember): void {
    const endpoint = endpointOf(m.stateInterface);
    if (!endpoint) return;
    const l2 = caller.caller;
    const ch = this.channels.endpointChannel(endpoint, l2.linkedid);
    const ring: RingAttempt = { member: m, channel: ch, startedAt: this.rt.clock.now(), timers: [] };
    caller.rings.push(ring);
    const toCaller = { exten: l2.exten, connectedNum: l2.callerNum, connectedName: l2.callerName };
    this.channels.event('Newchannel', ch, 'call,all');
    this.channels.varSet(ch, 'DIALEDPEERNUMBER', endpoint);
    this.agentEvent('AgentCalled', caller, ring, [], toCaller);
    this.channels.dialEvent('DialBegin', l2, ch, ['DialString', m.interface]);
    Object.assign(l2, { connectedNum: ch.callerNum, connectedName: ch.callerName });
    this.channels.event('NewConnectedLine', l2, 'call,all');
    Object.assign(ch, toCaller);
    this.channels.dialEvent('DialState', l2, ch, ['DialStatus', 'RINGING']);
    this.channels.newstate(ch, 5);
    this.channels.newexten(ch, 'AppQueue', '(Outgoing Line)');
    this.channels.event('NewConnectedLine', ch, 'call,all');
    this.endpoints.refreshDevice(endpoint);
    for (const mm of this.book.membersOf(m.stateInterface)) {
      this.book.setStatus(mm, 6);
      this.book.refreshAvail(this.book.queueOf(mm));
    }
    ring.timers.push(this.rt.after(q.config.timeoutSeconds, () => this.ringNoAnswer(caller, q, ring)));
    const contact = this.endpoints.contacts.get(endpoint);
    const sipPort = this.rt.sipPort;
    if (contact?.ws && sipPort) {
      ring.sip = sipPort.invite(
        { endpoint, callerNumber: l2.callerNum, callerName: l2.callerName },
        {
          ringing: () => undefined,
          answered: () => this.answer(caller, q, ring),
          ended: () => {
            if (caller.agent === ring && caller.state === 'connected') this.completeCall(caller, q, 'agent');
            else if (caller.rings.includes(ring)) this.ringNoAnswer(caller, q, ring);
          },
        },
      );
    } else {
      const ringSeconds = this.rt.phone.ringSeconds(m.stateInterface);
      if (ringSeconds !== null && ringSeconds < q.config.timeoutSeconds)
        ring.timers.push(this.rt.after(ringSeconds, () => this.answer(caller, q, ring)));
    }
  }

  private dropRing(
    caller: QueueCaller,
    ring: RingAttempt,
    cause: number,
    causeTxt: string,
    dialStatus: string,
  ): void {
    for (const t of ring.timers) t.cancel();
    caller.rings = caller.rings.filter((r) => r !== ring);
    if (ring.sip && dialStatus !== 'ANSWER') ring.sip.hangup();
    this.channels.dialEvent('DialEnd', caller.caller, ring.channel, ['DialStatus', dialStatus]);
    this.channels.hangup(ring.channel, cause, causeTxt);
    this.followEndpoint(ring.channel.endpoint as string, 'device-first');
  }

  private ringNoAnswer(caller: QueueCaller, q: SimQueue, ring: RingAttempt): void {
    if (!caller.rings.includes(ring) || caller.state !== 'waiting') return;
    this.agentEvent('AgentRingNoAnswer', caller, ring, [
      ['RingTime', String(secs(this.rt.clock.now() - ring.startedAt))],
    ]);
    // Cause-txt is ast_cause2str's: 19 (AST_CAUSE_NO_ANSWER) reads "User alerting, no answer" (main/channel.c)
    this.dropRing(caller, ring, 19, 'User alerting, no answer', 'NOANSWER');
    if (caller.rings.length === 0 && caller.state === 'waiting') {
      caller.retryTimer = this.rt.after(q.config.retrySeconds, () => {
        caller.retryTimer = undefined;
        this.dispatch(q);
      });
    }
  }

  private answer(caller: QueueCaller, q: SimQueue, ring: RingAttempt): void {
    if (caller.state !== 'waiting' || !caller.rings.includes(ring)) return;
    for (const t of ring.timers) t.cancel();
    caller.patienceTimer?.cancel();
    // ringall: the other phones stop ringing
    for (const other of caller.rings.filter((r) => r !== ring))
      this.dropRing(caller, other, 26, 'Answered elsewhere', 'CANCEL');
    caller.rings = [];
    caller.agent = ring;
    caller.state = 'connected';
    caller.connectedAt = this.rt.clock.now();
    const l2 = caller.caller;
    const ch = ring.channel;
    const m = ring.member;
    const holdSec = secs(caller.connectedAt - caller.joinedAt);
    const ringSec = secs(caller.connectedAt - ring.startedAt);
    this.channels.newstate(ch, 6);
    const sameIface = this.book.membersOf(m.stateInterface);
    for (const mm of sameIface) if (mm.queue !== q.config.name) this.book.setStatus(mm, 2);
    this.channels.dialEvent('DialEnd', l2, ch, ['DialStatus', 'ANSWER']);
    const memberVars: [string, string][] = [
      ['MEMBERINTERFACE', m.interface],
      ['MEMBERNAME', m.name],
      ['MEMBERCALLS', String(m.callsTaken)],
      ['MEMBERLASTCALL', String(m.lastCall)],
      ['MEMBERPENALTY', String(m.penalty)],
      ['MEMBERDYNAMIC', m.dynamic ? '1' : '0'],
      ['MEMBERREALTIME', '0'],
    ];
    for (const c of [l2, ch]) for (const [k, v] of memberVars) this.channels.varSet(c, k, v);
    for (const c of [l2, ch]) {
      this.channels.varSet(c, 'QEHOLDTIME', String(holdSec));
      this.channels.varSet(c, 'QEORIGINALPOS', String(caller.originalPosition));
    }
    countConnected(q, holdSec);
    for (const c of [l2, ch]) this.queueVars(c, q);
    this.endpoints.refreshDevice(ch.endpoint as string);
    const pos = q.callers.indexOf(caller) + 1;
    q.callers = q.callers.filter((c) => c !== caller);
    if (q.callers.length === 0) this.devices.set(`Queue:${q.config.name}`, 'NOT_INUSE');
    this.channels.event('QueueCallerLeave', l2, 'agent,all', [
      ['Queue', q.config.name],
      ['Position', String(pos)],
      ['Count', String(q.callers.length)],
    ]);
    this.channels.varSet(l2, 'QUEUEPOSITION', String(pos));
    this.channels.varSet(l2, 'QUEUEWAIT', String(holdSec));
    this.channels.varSet(l2, 'QUEUEWAIT_MS', String(caller.connectedAt - caller.joinedAt));
    this.agentEvent('AgentConnect', caller, ring, [
      ['HoldTime', String(holdSec)],
      ['RingTime', String(ringSec)],
    ]);
    const bridgeId = randomUUID();
    caller.bridgeId = bridgeId;
    this.channels.bridgeEvent('BridgeCreate', bridgeId);
    ch.bridgeId = bridgeId;
    this.channels.bridgeChannelEvent('BridgeEnter', bridgeId, 1, ch);
    m.inCall = true;
    this.book.setStatus(m, 2);
    l2.bridgeId = bridgeId;
    this.channels.bridgeChannelEvent('BridgeEnter', bridgeId, 2, l2);
    this.channels.varSet(ch, 'BRIDGEPEER', l2.name);
    this.channels.varSet(l2, 'BRIDGEPEER', ch.name);
    this.channels.varSet(l2, 'BRIDGEPVTCALLID', randomUUID());
    if (!ring.sip)
      caller.talkTimer = this.rt.after(this.rt.phone.talkSeconds(m.stateInterface), () =>
        this.completeCall(caller, q, 'agent'),
      );
    if (q.callers.length > 0) this.dispatch(q);
  }

  /** The bridged call ends: `agent` when the agent hangs up, `caller` when the customer does. */
  completeCall(caller: QueueCaller, q: SimQueue, reason: 'agent' | 'caller'): void {
    if (caller.state !== 'connected' || !caller.agent) return;
    caller.state = 'done';
    caller.talkTimer?.cancel();
    const { channel: ch, member: m } = caller.agent;
    const l1 = caller.local1;
    const l2 = caller.caller;
    const now = this.rt.clock.now();
    const holdSec = secs((caller.connectedAt ?? now) - caller.joinedAt);
    const talkSec = secs(now - (caller.connectedAt ?? now));
    const rtpVars = [
      'RTPAUDIOQOS',
      'RTPAUDIOQOSJITTER',
      'RTPAUDIOQOSLOSS',
      'RTPAUDIOQOSRTT',
      'RTPAUDIOQOSMES',
    ];
    for (const v of rtpVars) {
      this.channels.varSet(
        ch,
        v,
        v === 'RTPAUDIOQOS'
          ? 'ssrc=0;themssrc=0;lp=0;rxjitter=0.000000;rxcount=0;txjitter=0.000000;txcount=0;rlp=0;rtt=0.000000;rxmes=0.000000;txmes=0.000000'
          : '0.000000',
      );
      this.channels.varSet(l2, `${v}BRIDGED`, '0.000000');
    }
    const first = reason === 'agent' ? ch : l2;
    this.channels.event('HangupRequest', first, 'call,all');
    countCompleted(q, holdSec, talkSec);
    this.agentEvent('AgentComplete', caller, caller.agent, [
      ['HoldTime', String(holdSec)],
      ['TalkTime', String(talkSec)],
      ['Reason', reason],
    ]);
    this.channels.varSet(ch, 'BRIDGEPEER', l2.name);
    this.channels.varSet(l2, 'BRIDGEPEER', ch.name);
    this.channels.varSet(l2, 'BRIDGEPVTCALLID', '');
    const bridgeId = caller.bridgeId ?? '';
    this.channels.bridgeChannelEvent('BridgeLeave', bridgeId, 1, ch);
    this.channels.bridgeChannelEvent('BridgeLeave', bridgeId, 0, l2);
    this.queueVars(l2, q);
    this.channels.varSet(l2, 'ANSWEREDTIME', String(talkSec));
    this.channels.varSet(l2, 'ANSWEREDTIME_MS', String(now - (caller.connectedAt ?? now)));
    this.channels.varSet(l2, 'DIALEDTIME', String(secs(now - caller.joinedAt)));
    this.channels.varSet(l2, 'DIALEDTIME_MS', String(now - caller.joinedAt));
    this.queueVars(l2, q);
    this.channels.event('SoftHangupRequest', l2, 'call,all', [['Cause', '16']]);
    if (l1) this.channels.event('HangupRequest', l1, 'call,all', [['Cause', '16']]);
    this.channels.hangup(l2, 16, 'Normal Clearing');
    if (l1) {
      // the ;1 half reports the agent as its caller once the Local pair optimised away
      const swapped = {
        callerNum: ch.callerNum,
        callerName: ch.callerName,
        connectedNum: l2.callerNum,
        connectedName: l2.callerName,
      };
      this.channels.hangup(l1, 16, 'Normal Clearing', swapped);
      this.channels.event(
        'NewCallerid',
        l1,
        'call,all',
        [['CID-CallingPres', '0 (Presentation Allowed, Not Screened)']],
        swapped,
      );
    }
    this.channels.hangup(ch, 16, 'Normal Clearing');
    this.channels.bridgeEvent('BridgeDestroy', bridgeId);
    const localDevice = `Local/${l2.exten}@from-external`;
    if (l1) this.devices.set(localDevice, 'NOT_INUSE', true);
    this.endpoints.refreshDevice(ch.endpoint as string);
    if (l1) {
      this.devices.set(localDevice, 'NOT_INUSE', true);
      this.devices.delete(localDevice);
    }
    const lastCall = this.rt.nowSec();
    // shared_lastcall: every queue's entry for this interface counts the call
    for (const mm of this.book.membersOf(m.stateInterface)) {
      mm.callsTaken += 1;
      mm.lastCall = lastCall;
      mm.inCall = false;
      this.book.setStatus(mm, this.book.deviceStatus(mm));
    }
    if (caller.agent.sip && reason === 'caller') caller.agent.sip.hangup();
    this.callers.delete(caller.id);
    this.dispatchAll();
  }

  /** The caller stops waiting: out of `q.callers` (QueueCallerLeave), its ringing members stop. */
  private leaveWaiting(caller: QueueCaller, q: SimQueue): number {
    caller.retryTimer?.cancel();
    caller.patienceTimer?.cancel();
    caller.state = 'done';
    for (const r of [...caller.rings]) this.dropRing(caller, r, 16, 'Normal Clearing', 'CANCEL');
    return q.callers.indexOf(caller) + 1;
  }

  /** The customer gives up while waiting. */
  abandon(caller: QueueCaller): void {
    if (caller.state !== 'waiting') return;
    const q = this.book.queues.get(caller.queue);
    if (!q) return;
    const pos = this.leaveWaiting(caller, q);
    const holdSec = secs(this.rt.clock.now() - caller.joinedAt);
    q.callers = q.callers.filter((c) => c !== caller);
    countAbandoned(q, holdSec);
    const l2 = caller.caller;
    const l1 = caller.local1;
    this.channels.event('QueueCallerAbandon', l2, 'agent,all', [
      ['Queue', q.config.name],
      ['Position', String(pos)],
      ['OriginalPosition', String(caller.originalPosition)],
      ['HoldTime', String(holdSec)],
    ]);
    if (q.callers.length === 0) this.devices.set(`Queue:${q.config.name}`, 'NOT_INUSE');
    this.channels.event('QueueCallerLeave', l2, 'agent,all', [
      ['Queue', q.config.name],
      ['Position', String(pos)],
      ['Count', String(q.callers.length)],
    ]);
    if (l1) this.channels.event('HangupRequest', l1, 'call,all');
    this.channels.event('SoftHangupRequest', l2, 'call,all', [['Cause', '16']]);
    this.channels.hangup(l2, 16, 'Normal Clearing');
    if (l1) this.channels.hangup(l1, 16, 'Normal Clearing');
    this.callers.delete(caller.id);
  }

  /** Hangup of a channel that belongs to a queue call; false when none does. */
  hangup(name: string): boolean {
    for (const caller of this.callers.values()) {
      const q = this.book.queues.get(caller.queue) as SimQueue;
      if (caller.caller.name === name || caller.local1?.name === name) {
        if (caller.state === 'waiting') this.abandon(caller);
        else this.completeCall(caller, q, 'caller');
        return true;
      }
      if (caller.agent?.channel.name === name) {
        this.completeCall(caller, q, 'agent');
        return true;
      }
      const ring = caller.rings.find((r) => r.channel.name === name);
      if (ring) {
        this.channels.event('HangupRequest', ring.channel, 'call,all');
        this.dropRing(caller, ring, 16, 'Normal Clearing', 'BUSY');
        return true;
      }
    }
    return false;
  }

  /** Redirect of a waiting queue caller to another queue's extension; other targets just run Newexten. */
  redirect(name: string, context: string, exten: string): boolean {
    const ch = this.channels.channels.get(name);
    if (!ch) return false;
    const caller = [...this.callers.values()].find((c) => c.caller.name === name && c.state === 'waiting');
    const target = context === 'from-external' ? this.book.queueByExtension(exten) : undefined;
    if (caller && target) {
      const q = this.book.queues.get(caller.queue) as SimQueue;
      const pos = this.leaveWaiting(caller, q);
      q.callers = q.callers.filter((c) => c !== caller);
      this.callers.delete(caller.id);
      this.channels.event('QueueCallerLeave', ch, 'agent,all', [
        ['Queue', q.config.name],
        ['Position', String(pos)],
        ['Count', String(q.callers.length)],
      ]);
      if (q.callers.length === 0) this.devices.set(`Queue:${q.config.name}`, 'NOT_INUSE');
      Object.assign(ch, { context, exten, priority: 3 });
      this.channels.newexten(ch, 'Queue', `${target.config.name},r,,,120`);
      this.joinQueue(target, caller.local1, ch);
      return true;
    }
    Object.assign(ch, { context, exten, priority: 1 });
    this.channels.newexten(ch, 'NoOp', '');
    return true;
  }
}
