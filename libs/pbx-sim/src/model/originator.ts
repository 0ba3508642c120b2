import { AmiFields } from '../ami/ami-wire';
import { SimTimer } from '../clock/sim-clock';
import { SipCallHandle } from '../sip/sip-registrar.port';
import { SimChannel, UNKNOWN, channelBlock } from './channel';
import { ChannelTable, parseCallerId } from './channel-table';
import { DeviceStates } from './device-states';
import { EndpointRegistry } from './endpoint-registry';
import { PbxRuntime } from './pbx-runtime';
import { QueueBook } from './queue-book';
import { QueueCalls } from './queue-calls';
import { TrunkCalls } from './trunk-calls';
import { SimQueue } from './queue.types';

export interface OriginateRequest {
  channel: string;
  application?: string;
  data?: string;
  context?: string;
  exten?: string;
  callerId?: string;
  variables: [string, string][];
  actionId?: string;
  /** Caller patience (abandon after N s waiting); undefined = waits forever. */
  patienceSeconds?: number;
  /** Originate's `Timeout` (ms): how long an external number may ring (default 30000). */
  timeoutMs?: number;
  /** Originate's `ChannelId`: the Uniqueid of the originated channel, as Asterisk sets it. */
  channelId?: string;
}

/** A channel that lives outside any queue call: an originated endpoint call, a spy. */
interface StandaloneCall {
  channel: SimChannel;
  timers: SimTimer[];
  sip?: SipCallHandle;
  spying?: SimChannel;
}

/** AMI Originate: queue callers through a Local pair, calls to an endpoint, ChanSpy. */
export class Originator {
  private readonly standalone = new Map<string, StandaloneCall>();

  constructor(
    private readonly rt: PbxRuntime,
    private readonly channels: ChannelTable,
    private readonly devices: DeviceStates,
    private readonly book: QueueBook,
    private readonly endpoints: EndpointRegistry,
    private readonly calls: QueueCalls,
    private readonly trunk: TrunkCalls,
  ) {
    channels.onHangup((ch) => this.spyeeGone(ch));
  }

  /** SIP legs hung up and calls forgotten (PBX restart). */
  reset(): void {
    for (const s of this.standalone.values()) s.sip?.hangup();
    this.standalone.clear();
  }

  /**
   * AMI Originate. Returns false when Asterisk would answer `Originate failed`
   * (unknown destination or an endpoint with no reachable contact).
   */
  originate(req: OriginateRequest): boolean {
    const local = /^Local\/([^@]+)@([^/]+)/.exec(req.channel);
    if (local) {
      const q = local[2] === 'from-external' ? this.book.queueByExtension(local[1]) : undefined;
      if (!q) return false;
      this.originateQueueCall(q, local[1], req);
      return true;
    }
    const pjsip = /^PJSIP\/(\w+)$/.exec(req.channel);
    if (pjsip && this.endpoints.isReachable(pjsip[1])) {
      this.originateToEndpoint(pjsip[1], req);
      return true;
    }
    return false;
  }

  /** Hangup of an originated endpoint call or a spy; false when the channel is not one. */
  hangup(name: string): boolean {
    if (!this.standalone.has(name)) return false;
    this.endStandalone(name, 16);
    return true;
  }

  /** `target` is what the channel was sent to: Application/Data or Context/Exten, as the action gave it. */
  private originateAnswered(req: OriginateRequest, ch: SimChannel, target: AmiFields): void {
    this.rt.emit([
      ['Event', 'OriginateResponse'],
      ['Privilege', 'call,all'],
      ...(req.actionId !== undefined ? ([['ActionID', req.actionId]] as AmiFields) : []),
      ['Response', 'Success'],
      ['Channel', ch.name],
      ...target,
      // 4 = AST_CONTROL_ANSWER: the originated channel was answered
      ['Reason', '4'],
      ['Uniqueid', ch.uniqueid],
      ['CallerIDNum', ch.callerNum],
      ['CallerIDName', ch.callerName],
    ]);
  }

  private originateQueueCall(q: SimQueue, exten: string, req: OriginateRequest): void {
    const ch = this.channels;
    const base = `Local/${exten}@from-external-${this.rt.ids.localChannel()}`;
    const common = {
      callerNum: UNKNOWN,
      callerName: UNKNOWN,
      connectedNum: UNKNOWN,
      connectedName: UNKNOWN,
      context: 'from-external',
      exten,
      priority: 1,
      application: '',
      applicationData: '',
      type: 'Local' as const,
    };
    const l1 = ch.create({ ...common, name: `${base};1`, state: 0, uniqueid: req.channelId });
    const l2 = ch.create({ ...common, name: `${base};2`, state: 4, linkedid: l1.uniqueid });
    const cid = parseCallerId(req.callerId);
    ch.event('Newchannel', l1, 'call,all');
    ch.event('Newchannel', l2, 'call,all');
    ch.newexten(l1, 'AppDial2', '(Outgoing Line)');
    for (const [k, v] of req.variables) ch.varSet(l1, k, v);
    l1.callerNum = cid.num;
    l1.callerName = cid.name;
    ch.event('NewCallerid', l1, 'call,all', [['CID-CallingPres', '0 (Presentation Allowed, Not Screened)']]);
    l1.connectedNum = cid.num;
    l1.connectedName = cid.name;
    ch.event('NewConnectedLine', l1, 'call,all');
    for (const [k, v] of req.variables) ch.varSet(l2, k, v);
    Object.assign(l2, {
      callerNum: cid.num,
      callerName: cid.name,
      connectedNum: cid.num,
      connectedName: cid.name,
    });
    ch.event('NewCallerid', l2, 'call,all', [['CID-CallingPres', '0 (Presentation Allowed, Not Screened)']]);
    ch.event('NewConnectedLine', l2, 'call,all');
    this.rt.emit([
      ['Event', 'LocalBridge'],
      ['Privilege', 'call,all'],
      ...channelBlock(l1, 'LocalOne'),
      ...channelBlock(l2, 'LocalTwo'),
      ['Context', 'from-external'],
      ['Exten', exten],
      ['LocalOptimization', 'Yes'],
    ]);
    const app = req.application ?? 'Wait';
    const data = req.data ?? '';
    this.originateAnswered(req, l1, [
      ['Application', app],
      ['Data', data],
    ]);
    ch.dialEvent('DialBegin', null, l1, ['DialString', `${exten}@from-external`]);
    ch.newexten(l2, 'NoOp', `Inbound call for ${q.config.name} queue`);
    l2.priority = 2;
    ch.newexten(l2, 'Answer', '');
    ch.newstate(l2, 6);
    ch.newstate(l1, 6);
    l1.application = app;
    l1.applicationData = data;
    ch.dialEvent('DialEnd', null, l1, ['DialStatus', 'ANSWER']);
    this.devices.set(`Local/${exten}@from-external`, 'INUSE', true);
    this.devices.set(`Local/${exten}@from-external`, 'INUSE', true);
    this.devices.delete(`Local/${exten}@from-external`);
    l2.priority = 3;
    ch.newexten(l2, 'Queue', `${q.config.name},r,,,120`);
    for (const v of [
      'ANSWEREDTIME',
      'ANSWEREDTIME_MS',
      'DIALEDTIME',
      'DIALEDTIME_MS',
      'QUEUEWAIT',
      'QUEUEWAIT_MS',
    ])
      ch.varSet(l2, v, '');
    this.calls.joinQueue(q, l1, l2, req.patienceSeconds);
  }

  private originateToEndpoint(endpoint: string, req: OriginateRequest): void {
    const ch = this.channels.endpointChannel(endpoint, '', req.channelId);
    ch.linkedid = ch.uniqueid;
    const cid = parseCallerId(req.callerId);
    this.channels.event('Newchannel', ch, 'call,all');
    if (cid.num !== UNKNOWN) Object.assign(ch, { connectedNum: cid.num, connectedName: cid.name });
    this.channels.newstate(ch, 5);
    this.calls.followEndpoint(endpoint, 'device-first');
    const entry: StandaloneCall = { channel: ch, timers: [] };
    this.standalone.set(ch.name, entry);
    const onAnswer = () => {
      if (!this.channels.channels.has(ch.name)) return;
      this.channels.newstate(ch, 6);
      this.calls.followEndpoint(endpoint, 'device-first');
      // Originate to an extension (click-to-call, an agent-first dialer) dials out through the trunk
      const dialOut = !req.application && !!req.exten;
      const app = dialOut ? 'Dial' : (req.application ?? 'Wait');
      const data = dialOut ? `PJSIP/${req.exten}@trunk` : (req.data ?? '');
      const target: AmiFields = dialOut
        ? [
            ['Context', req.context ?? 'from-internal'],
            ['Exten', req.exten ?? ''],
          ]
        : [
            ['Application', app],
            ['Data', data],
          ];
      this.originateAnswered(req, ch, target);
      if (req.application?.toLowerCase() === 'chanspy') this.startSpy(entry, data);
      else if (dialOut && !this.endpoints.hasEndpoint(req.exten ?? '')) {
        // agent first, then the customer: the trunk call owns the agent's channel from now on
        this.channels.newexten(ch, app, data);
        this.standalone.delete(ch.name);
        for (const t of entry.timers.splice(0)) t.cancel();
        this.trunk.dialFromAnsweredPhone(ch, req.exten ?? '', entry.sip);
      } else {
        this.channels.newexten(ch, app, data);
        const waitSeconds = dialOut
          ? this.rt.phone.talkSeconds(`PJSIP/${endpoint}`)
          : Number(data.split(',')[0]);
        if ((dialOut || app.toLowerCase() === 'wait') && waitSeconds > 0)
          entry.timers.push(this.rt.after(waitSeconds, () => this.endStandalone(ch.name, 16)));
      }
    };
    const contact = this.endpoints.contacts.get(endpoint);
    const sipPort = this.rt.sipPort;
    if (contact?.ws && sipPort) {
      entry.sip = sipPort.invite(
        { endpoint, callerNumber: cid.num, callerName: cid.name },
        {
          ringing: () => undefined,
          answered: onAnswer,
          ended: () =>
            this.standalone.has(ch.name)
              ? this.endStandalone(ch.name, 16, true)
              : this.trunk.phoneHungUp(ch.name),
        },
      );
    } else {
      entry.timers.push(this.rt.after(this.rt.phone.ringSeconds(`PJSIP/${endpoint}`) ?? 2, onAnswer));
    }
  }

  private startSpy(entry: StandaloneCall, data: string): void {
    const target = data.split(',')[0];
    const ch = entry.channel;
    this.channels.newexten(ch, 'ChanSpy', data);
    const spyee = [...this.channels.channels.values()].find(
      (c) => c.name.startsWith(`${target}-`) && c.state === 6,
    );
    if (!spyee) return;
    entry.spying = spyee;
    this.rt.emit([
      ['Event', 'ChanSpyStart'],
      ['Privilege', 'call,all'],
      ...channelBlock(ch, 'Spyer'),
      ...channelBlock(spyee, 'Spyee'),
    ]);
  }

  private spyStop(entry: StandaloneCall, spyee: SimChannel): void {
    this.rt.emit([
      ['Event', 'ChanSpyStop'],
      ['Privilege', 'call,all'],
      ...channelBlock(entry.channel, 'Spyer'),
      ...channelBlock(spyee, 'Spyee'),
    ]);
  }

  /**
   * The spied-on channel hung up: ChanSpy stops spying on it; with option E (app_chanspy's
   * OPTION_EXIT) the spy's channel hangs up too, else ChanSpy goes back to waiting for a channel.
   */
  private spyeeGone(ch: SimChannel): void {
    for (const entry of [...this.standalone.values()]) {
      if (entry.spying !== ch) continue;
      entry.spying = undefined;
      this.spyStop(entry, ch);
      const options = entry.channel.applicationData.split(',')[1] ?? '';
      if (options.includes('E')) this.endStandalone(entry.channel.name, 16);
    }
  }

  private endStandalone(name: string, cause: number, fromSip = false): void {
    const entry = this.standalone.get(name);
    if (!entry) return;
    this.standalone.delete(name);
    for (const t of entry.timers) t.cancel();
    if (!fromSip) entry.sip?.hangup();
    const ch = entry.channel;
    if (entry.spying) this.spyStop(entry, entry.spying);
    this.channels.event('HangupRequest', ch, 'call,all', [['Cause', String(cause)]]);
    this.channels.hangup(ch, cause, 'Normal Clearing');
    this.calls.followEndpoint(ch.endpoint as string, 'device-first');
  }
}
