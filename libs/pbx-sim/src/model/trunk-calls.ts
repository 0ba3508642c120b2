import { randomUUID } from 'node:crypto';
import { AmiFields } from '../ami/ami-wire';
import { SimTimer } from '../clock/sim-clock';
import { SipCallHandle } from '../sip/sip-registrar.port';
import { SimChannel, UNKNOWN } from './channel';
import { ChannelTable, parseCallerId } from './channel-table';
import { EndpointRegistry } from './endpoint-registry';
import { ExternalNumbers, ExternalOutcome, FAILED_OUTCOMES } from './external-numbers';
import { PbxRuntime } from './pbx-runtime';
import { QueueBook } from './queue-book';
import { QueueCalls } from './queue-calls';

// Calls that cross the trunk (`PJSIP/<number>@trunk`, channels `PJSIP/trunk-<seq>`): an agent dialling
// an external number from the phone, an external caller dialling an agent's number directly, and an
// AMI Originate to an external number. No transcript covers them; the event order follows app_dial.c
// and main/dial.c (ast_request -> Newchannel, ast_call then DialBegin, the callee's 180 -> Newstate
// Ringing + DialState RINGING, its 200 -> Newstate Up + DialEnd ANSWER, pre_bridge_setup answers the
// caller, ast_bridge_call imparts the callee before the caller joins) and manager.c's fast_originate.

/** Seconds the far end or the agent's phone rings when nothing else says. */
const EXTERNAL_RING_SECONDS = 2;
/** Dial(...,30) in the dialplan, and Originate's default Timeout (30000 ms). */
const DIAL_TIMEOUT_SECONDS = 30;

interface TrunkCall {
  id: string;
  number: string;
  trunk: SimChannel;
  /** The agent's channel, once dialled (or the caller, for an agent dialling out). */
  agent?: SimChannel;
  /** The party that placed the call: the agent (outbound) or the trunk (inbound, originate). */
  caller: 'agent' | 'trunk';
  state: 'dialing' | 'up' | 'bridged';
  timers: SimTimer[];
  sip?: SipCallHandle;
  bridgeId?: string;
}

export interface DirectCallResult {
  channel: string;
  trunkChannel: string;
  linkedid: string;
  /** What the external number does, for a call the agent places. */
  outcome?: ExternalOutcome;
}

export interface TrunkOriginate {
  number: string;
  application?: string;
  data?: string;
  context?: string;
  exten?: string;
  callerId?: string;
  actionId?: string;
  timeoutMs?: number;
  patienceSeconds?: number;
}

export class TrunkCalls {
  private readonly byChannel = new Map<string, TrunkCall>();

  constructor(
    private readonly rt: PbxRuntime,
    private readonly channels: ChannelTable,
    private readonly book: QueueBook,
    private readonly endpoints: EndpointRegistry,
    private readonly calls: QueueCalls,
    readonly numbers: ExternalNumbers,
  ) {}

  reset(): void {
    for (const c of new Set(this.byChannel.values())) c.sip?.hangup();
    this.byChannel.clear();
  }

  /** The agent dials an external number from the phone: from-internal runs Dial(PJSIP/<number>@trunk). */
  agentDialsOut(extension: string, number: string): DirectCallResult {
    this.requireReachable(extension);
    const agent = this.channels.endpointChannel(extension, '');
    Object.assign(agent, { linkedid: agent.uniqueid, state: 4, exten: number });
    const call = this.track({ number, agent, caller: 'agent' }, this.newTrunkChannel(number, agent));
    this.channels.event('Newchannel', agent, 'call,all');
    this.calls.followEndpoint(extension, 'device-first');
    this.channels.newexten(agent, 'Dial', `PJSIP/${number}@trunk,${DIAL_TIMEOUT_SECONDS}`);
    this.dialTrunk(call, agent);
    return this.result(call, agent);
  }

  /** An external caller dials the agent's number: the trunk's context runs Dial(PJSIP/<extension>). */
  externalDialsAgent(extension: string, number: string, callerName = UNKNOWN): DirectCallResult {
    this.requireReachable(extension);
    const trunk = this.newTrunkChannel(number);
    Object.assign(trunk, {
      state: 4,
      callerNum: number,
      callerName,
      context: 'from-external',
      exten: extension,
    });
    const call = this.track({ number, caller: 'trunk' }, trunk);
    this.channels.event('Newchannel', trunk, 'call,all');
    this.channels.newexten(trunk, 'Dial', `PJSIP/${extension},${DIAL_TIMEOUT_SECONDS}`);
    const agent = this.dialAgent(call, extension);
    return this.result(call, agent);
  }

  /**
   * An answered phone (an Originate to the agent with Context/Exten = an external number) runs
   * Dial(PJSIP/<number>@trunk): the agent first, then the customer.
   */
  dialFromAnsweredPhone(agent: SimChannel, number: string, sip?: SipCallHandle): void {
    const call = this.track({ number, agent, caller: 'agent', sip }, this.newTrunkChannel(number, agent));
    this.dialTrunk(call, agent);
  }

  /** The agent's SIP WebSocket phone hung up (BYE, CANCEL or its transport closed). */
  phoneHungUp(name: string): void {
    const call = this.byChannel.get(name);
    if (!call) return;
    if (call.state === 'bridged') this.endBridged(call, 'agent', true);
    else this.cancelDialing(call, 'agent', true);
  }

  /** AMI Originate of `PJSIP/<number>@trunk`: the far end answers, is busy, never answers or is congested. */
  originate(req: TrunkOriginate): void {
    const cid = parseCallerId(req.callerId);
    const trunk = this.newTrunkChannel(req.number);
    Object.assign(trunk, { callerNum: cid.num, callerName: cid.name });
    const call = this.track({ number: req.number, caller: 'trunk' }, trunk);
    const target: AmiFields = req.application
      ? [
          ['Application', req.application],
          ['Data', req.data ?? ''],
        ]
      : [
          ['Context', req.context ?? ''],
          ['Exten', req.exten ?? ''],
        ];
    this.channels.event('Newchannel', trunk, 'call,all');
    this.channels.dialEvent('DialBegin', null, trunk, ['DialString', `${req.number}@trunk`]);
    const timeout = (req.timeoutMs ?? DIAL_TIMEOUT_SECONDS * 1000) / 1000;
    this.farEnd(call, null, timeout, {
      answered: () => {
        this.originateResponse(req, 'Success', trunk.name, target, 4, trunk.uniqueid);
        this.afterOriginateAnswer(call, req);
      },
      failed: (outcome) => {
        const f = FAILED_OUTCOMES[outcome];
        // fast_originate: with no channel left, Channel is the requested tech/data and Uniqueid unknown
        this.originateResponse(req, 'Failure', `PJSIP/${req.number}@trunk`, target, f.reason, UNKNOWN);
      },
    });
  }

  /** Hangup of a channel of a trunk call; false when the channel is not one. */
  hangup(name: string): boolean {
    const call = this.byChannel.get(name);
    if (!call) return false;
    const who = call.trunk.name === name ? 'trunk' : 'agent';
    if (call.state === 'bridged') this.endBridged(call, who);
    else if (call.state === 'up') this.endUp(call, 16);
    else this.cancelDialing(call, who);
    return true;
  }

  private requireReachable(extension: string): void {
    if (!this.endpoints.hasEndpoint(extension)) throw new Error(`unknown extension ${extension}`);
    if (!this.endpoints.isReachable(extension))
      throw new Error(`extension ${extension} has no reachable contact`);
  }

  private newTrunkChannel(number: string, from?: SimChannel): SimChannel {
    return this.channels.create({
      name: `PJSIP/trunk-${this.rt.ids.pjsipChannel()}`,
      state: 0,
      callerNum: from?.callerNum ?? UNKNOWN,
      callerName: from?.callerName ?? UNKNOWN,
      connectedNum: UNKNOWN,
      connectedName: UNKNOWN,
      context: 'from-internal',
      exten: from ? number : 's',
      priority: 1,
      application: '',
      applicationData: '',
      type: 'PJSIP',
      linkedid: from?.linkedid,
    });
  }

  private track(init: Omit<TrunkCall, 'id' | 'trunk' | 'state' | 'timers'>, trunk: SimChannel): TrunkCall {
    const call: TrunkCall = { ...init, id: randomUUID(), trunk, state: 'dialing', timers: [] };
    this.byChannel.set(trunk.name, call);
    if (call.agent) this.byChannel.set(call.agent.name, call);
    return call;
  }

  private result(call: TrunkCall, agent: SimChannel): DirectCallResult {
    return {
      channel: agent.name,
      trunkChannel: call.trunk.name,
      linkedid: agent.linkedid,
      ...(call.caller === 'agent' ? { outcome: this.numbers.outcomeFor(call.number) } : {}),
    };
  }

  private after(call: TrunkCall, seconds: number, fn: () => void): void {
    call.timers.push(this.rt.after(seconds, fn));
  }

  private clearTimers(call: TrunkCall): void {
    for (const t of call.timers.splice(0)) t.cancel();
  }

  private forget(call: TrunkCall): void {
    this.clearTimers(call);
    for (const ch of [call.trunk, call.agent])
      if (ch && this.byChannel.get(ch.name) === call) this.byChannel.delete(ch.name);
  }

  /**
   * The far end of the trunk plays the number's outcome: it rings, then answers, or answers busy or
   * congestion at once, or rings until `timeout` (NOANSWER). `dialer` is the calling channel, if any.
   */
  private farEnd(
    call: TrunkCall,
    dialer: SimChannel | null,
    timeout: number,
    done: { answered(): void; failed(outcome: Exclude<ExternalOutcome, 'answer'>): void },
  ): void {
    const trunk = call.trunk;
    const outcome = this.numbers.outcomeFor(call.number);
    const fail = (o: Exclude<ExternalOutcome, 'answer'>) => {
      this.clearTimers(call);
      const f = FAILED_OUTCOMES[o];
      this.channels.dialEvent('DialEnd', dialer, trunk, ['DialStatus', f.dialStatus]);
      this.channels.hangup(trunk, f.cause, f.causeTxt);
      this.byChannel.delete(trunk.name);
      done.failed(o);
    };
    if (outcome === 'busy' || outcome === 'congestion') {
      this.after(call, 0.5, () => fail(outcome));
      return;
    }
    this.after(call, 0.5, () => {
      this.channels.newstate(trunk, 5);
      this.channels.dialEvent('DialState', dialer, trunk, ['DialStatus', 'RINGING']);
    });
    if (outcome === 'noanswer' || EXTERNAL_RING_SECONDS >= timeout) {
      this.after(call, timeout, () => fail('noanswer'));
      return;
    }
    this.after(call, EXTERNAL_RING_SECONDS, () => {
      this.clearTimers(call);
      this.channels.newstate(trunk, 6);
      this.channels.dialEvent('DialEnd', dialer, trunk, ['DialStatus', 'ANSWER']);
      call.state = 'up';
      done.answered();
    });
  }

  private dialTrunk(call: TrunkCall, agent: SimChannel): void {
    this.channels.event('Newchannel', call.trunk, 'call,all');
    this.channels.dialEvent('DialBegin', agent, call.trunk, ['DialString', `${call.number}@trunk`]);
    this.farEnd(call, agent, DIAL_TIMEOUT_SECONDS, {
      answered: () => this.bridge(call, call.trunk, agent),
      failed: (outcome) => {
        // Dial returns and the dialplan's Hangup() ends the agent's channel with the same cause
        const f = FAILED_OUTCOMES[outcome];
        call.sip?.hangup();
        this.channels.hangup(agent, f.cause, f.causeTxt);
        this.forget(call);
        this.calls.followEndpoint(agent.endpoint as string, 'device-first');
      },
    });
  }

  /** The trunk channel (ringing in, or answered after an Originate) dials the agent's phone. */
  private dialAgent(call: TrunkCall, extension: string): SimChannel {
    const trunk = call.trunk;
    const agent = this.channels.endpointChannel(extension, trunk.linkedid);
    call.agent = agent;
    this.byChannel.set(agent.name, call);
    call.state = 'dialing';
    const toCaller = { exten: trunk.exten, connectedNum: trunk.callerNum, connectedName: trunk.callerName };
    this.channels.event('Newchannel', agent, 'call,all');
    this.channels.dialEvent('DialBegin', trunk, agent, ['DialString', extension]);
    Object.assign(agent, toCaller);
    this.channels.newstate(agent, 5);
    this.calls.followEndpoint(extension, 'device-first');
    this.channels.dialEvent('DialState', trunk, agent, ['DialStatus', 'RINGING']);
    const answered = () => {
      if (call.state !== 'dialing' || !this.channels.channels.has(agent.name)) return;
      this.clearTimers(call);
      this.channels.newstate(agent, 6);
      this.calls.followEndpoint(extension, 'device-first');
      this.channels.dialEvent('DialEnd', trunk, agent, ['DialStatus', 'ANSWER']);
      // pre_bridge_setup answers the caller only now; an originated trunk channel is already up
      if (trunk.state !== 6) this.channels.newstate(trunk, 6);
      this.bridge(call, agent, trunk);
    };
    const unanswered = (dialStatus: 'NOANSWER' | 'BUSY') => {
      if (call.state !== 'dialing') return;
      this.clearTimers(call);
      const [cause, txt] = dialStatus === 'BUSY' ? [17, 'User busy'] : [19, 'User alerting, no answer'];
      if (call.sip && dialStatus === 'NOANSWER') call.sip.hangup();
      this.channels.dialEvent('DialEnd', trunk, agent, ['DialStatus', dialStatus]);
      this.channels.hangup(agent, cause, txt);
      this.calls.followEndpoint(extension, 'device-first');
      this.channels.event('HangupRequest', trunk, 'call,all', [['Cause', String(cause)]]);
      this.channels.hangup(trunk, cause, txt);
      this.forget(call);
    };
    this.after(call, DIAL_TIMEOUT_SECONDS, () => unanswered('NOANSWER'));
    const contact = this.endpoints.contacts.get(extension);
    const sip = this.rt.sipPort;
    if (contact?.ws && sip) {
      call.sip = sip.invite(
        { endpoint: extension, callerNumber: trunk.callerNum, callerName: trunk.callerName },
        {
          ringing: () => undefined,
          answered,
          ended: () => {
            if (call.state === 'bridged') this.endBridged(call, 'agent', true);
            else unanswered('BUSY');
          },
        },
      );
    } else {
      const ring = this.rt.phone.ringSeconds(`PJSIP/${extension}`);
      if (ring !== null && ring < DIAL_TIMEOUT_SECONDS) this.after(call, ring, answered);
    }
    return agent;
  }

  /** ast_bridge_call: the callee is imparted first, then the caller joins. */
  private bridge(call: TrunkCall, callee: SimChannel, caller: SimChannel): void {
    if (caller.state !== 6) this.channels.newstate(caller, 6);
    const bridgeId = randomUUID();
    call.bridgeId = bridgeId;
    call.state = 'bridged';
    this.channels.bridgeEvent('BridgeCreate', bridgeId);
    callee.bridgeId = bridgeId;
    this.channels.bridgeChannelEvent('BridgeEnter', bridgeId, 1, callee);
    caller.bridgeId = bridgeId;
    this.channels.bridgeChannelEvent('BridgeEnter', bridgeId, 2, caller);
    this.channels.varSet(callee, 'BRIDGEPEER', caller.name);
    this.channels.varSet(caller, 'BRIDGEPEER', callee.name);
    const agent = call.agent as SimChannel;
    // a phone over SIP WebSocket hangs up when its user does; a simulated one after its talk time
    if (!call.sip)
      this.after(call, this.rt.phone.talkSeconds(`PJSIP/${agent.endpoint}`), () =>
        this.endBridged(call, 'agent'),
      );
  }

  private endBridged(call: TrunkCall, first: 'agent' | 'trunk', fromSip = false): void {
    if (call.state !== 'bridged') return;
    this.forget(call);
    if (!fromSip) call.sip?.hangup();
    const agent = call.agent as SimChannel;
    const [a, b] = first === 'agent' ? [agent, call.trunk] : [call.trunk, agent];
    const bridgeId = call.bridgeId ?? '';
    this.channels.event('HangupRequest', a, 'call,all');
    this.channels.bridgeChannelEvent('BridgeLeave', bridgeId, 1, a);
    this.channels.bridgeChannelEvent('BridgeLeave', bridgeId, 0, b);
    this.channels.hangup(a, 16, 'Normal Clearing');
    this.channels.event('SoftHangupRequest', b, 'call,all', [['Cause', '16']]);
    this.channels.hangup(b, 16, 'Normal Clearing');
    this.channels.bridgeEvent('BridgeDestroy', bridgeId);
    this.calls.followEndpoint(agent.endpoint as string, 'device-first');
  }

  /** An answered trunk channel with nobody bridged (an Originate to an application) ends. */
  private endUp(call: TrunkCall, cause: number): void {
    this.forget(call);
    this.channels.event('HangupRequest', call.trunk, 'call,all', [['Cause', String(cause)]]);
    this.channels.hangup(call.trunk, cause, 'Normal Clearing');
  }

  /** Hangup while a leg still rings: the dial is cancelled. */
  private cancelDialing(call: TrunkCall, who: 'agent' | 'trunk', fromSip = false): void {
    this.forget(call);
    if (!fromSip) call.sip?.hangup();
    const agent = call.agent;
    const ringing = call.caller === 'agent' ? call.trunk : agent;
    const dialing = call.caller === 'agent' ? agent : call.trunk;
    if (ringing && dialing) {
      this.channels.event('HangupRequest', who === 'agent' ? (agent as SimChannel) : call.trunk, 'call,all');
      this.channels.dialEvent('DialEnd', dialing, ringing, ['DialStatus', 'CANCEL']);
      this.channels.hangup(ringing, 16, 'Normal Clearing');
      this.channels.hangup(dialing, 16, 'Normal Clearing');
    } else {
      // an originated trunk channel still ringing, nobody dialled yet
      this.channels.event('HangupRequest', call.trunk, 'call,all');
      this.channels.hangup(call.trunk, 16, 'Normal Clearing');
    }
    if (agent) this.calls.followEndpoint(agent.endpoint as string, 'device-first');
  }

  private originateResponse(
    req: TrunkOriginate,
    response: 'Success' | 'Failure',
    channel: string,
    target: AmiFields,
    reason: number,
    uniqueid: string,
  ): void {
    const cid = parseCallerId(req.callerId);
    this.rt.emit([
      ['Event', 'OriginateResponse'],
      ['Privilege', 'call,all'],
      ...(req.actionId !== undefined ? ([['ActionID', req.actionId]] as AmiFields) : []),
      ['Response', response],
      ['Channel', channel],
      ...target,
      // the last control frame of the dial (pbx.c pbx_dial_reason): 4 answer, 5 busy, 3 ringing, 8 congestion
      ['Reason', String(reason)],
      ['Uniqueid', uniqueid],
      ['CallerIDNum', cid.num],
      ['CallerIDName', cid.name],
    ]);
  }

  /** The answered external party runs what the Originate named: an application, a queue or an agent. */
  private afterOriginateAnswer(call: TrunkCall, req: TrunkOriginate): void {
    const trunk = call.trunk;
    if (req.application) {
      const data = req.data ?? '';
      this.channels.newexten(trunk, req.application, data);
      const dialed = /^PJSIP\/(\w+)/.exec(data);
      if (req.application.toLowerCase() === 'dial' && dialed && this.endpoints.isReachable(dialed[1])) {
        this.dialAgent(call, dialed[1]);
        return;
      }
      const wait = req.application.toLowerCase() === 'wait' ? Number(data.split(',')[0]) : NaN;
      const seconds = wait > 0 ? wait : this.rt.phone.talkSeconds(`External/${call.number}`);
      this.after(call, seconds, () => this.endUp(call, 16));
      return;
    }
    const exten = req.exten ?? '';
    Object.assign(trunk, { context: req.context ?? 'from-external', exten, priority: 1 });
    const queue = this.book.queueByExtension(exten);
    if (queue && trunk.context === 'from-external') {
      // the dialplan of asterisk/extensions.conf: NoOp, Answer (already up), Queue(<name>,r)
      this.channels.newexten(trunk, 'NoOp', `Inbound call for ${queue.config.name} queue`);
      trunk.priority = 2;
      this.channels.newexten(trunk, 'Answer', '');
      trunk.priority = 3;
      this.channels.newexten(trunk, 'Queue', `${queue.config.name},r,,,120`);
      // the queue owns the call from now on
      this.forget(call);
      this.calls.joinQueue(queue, undefined, trunk, req.patienceSeconds);
      return;
    }
    if (this.endpoints.isReachable(exten)) {
      this.channels.newexten(trunk, 'Dial', `PJSIP/${exten},${DIAL_TIMEOUT_SECONDS}`);
      this.dialAgent(call, exten);
      return;
    }
    this.channels.newexten(trunk, 'Hangup', '');
    this.endUp(call, 16);
  }
}
