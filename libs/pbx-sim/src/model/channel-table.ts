import { AmiField, AmiFields } from '../ami/ami-wire';
import { SimChannel, UNKNOWN, channelBlock } from './channel';
import { PbxRuntime } from './pbx-runtime';

export const parseCallerId = (callerId: string | undefined): { num: string; name: string } => {
  if (!callerId) return { num: UNKNOWN, name: UNKNOWN };
  const m = /^\s*"?([^"<]*?)"?\s*<([^>]*)>\s*$/.exec(callerId);
  if (m) return { name: m[1].trim() || UNKNOWN, num: m[2].trim() || UNKNOWN };
  return { num: callerId.trim(), name: UNKNOWN };
};

export const bridgeBlock = (id: string, n: number): AmiFields => [
  ['BridgeUniqueid', id],
  ['BridgeType', 'basic'],
  ['BridgeTechnology', 'simple_bridge'],
  ['BridgeCreator', UNKNOWN],
  ['BridgeName', UNKNOWN],
  ['BridgeNumChannels', String(n)],
  ['BridgeVideoSourceMode', 'none'],
];

export type NewChannel = Omit<SimChannel, 'uniqueid' | 'linkedid' | 'createdAt' | 'bridgeId'> & {
  linkedid?: string;
  /** An Originate's ChannelId; otherwise a fresh Uniqueid. */
  uniqueid?: string;
};

/** The live channels and the channel, dialplan, dial and bridge events every call flow emits. */
export class ChannelTable {
  readonly channels = new Map<string, SimChannel>();
  private readonly hangupListeners: ((ch: SimChannel) => void)[] = [];

  constructor(private readonly rt: PbxRuntime) {}

  /** Called after each Hangup event (a spy watches its spyee's). */
  onHangup(listener: (ch: SimChannel) => void): void {
    this.hangupListeners.push(listener);
  }

  create(init: NewChannel): SimChannel {
    const uniqueid = init.uniqueid ?? this.rt.ids.uniqueid(this.rt.nowSec());
    const ch: SimChannel = {
      ...init,
      uniqueid,
      linkedid: init.linkedid ?? uniqueid,
      createdAt: this.rt.clock.now(),
      bridgeId: '',
    };
    this.channels.set(ch.name, ch);
    return ch;
  }

  /** A channel of an agent's (or supervisor's) PJSIP endpoint, named as chan_pjsip names them. */
  endpointChannel(endpoint: string, linkedid: string, uniqueid?: string): SimChannel {
    const cfg = this.rt.topology.endpoints.find((e) => e.name === endpoint);
    return this.create({
      name: `PJSIP/${endpoint}-${this.rt.ids.pjsipChannel()}`,
      state: 0,
      callerNum: endpoint,
      callerName: cfg?.callerName ?? endpoint,
      connectedNum: UNKNOWN,
      connectedName: UNKNOWN,
      context: 'from-internal',
      exten: 's',
      priority: 1,
      application: '',
      applicationData: '',
      type: 'PJSIP',
      endpoint,
      linkedid,
      uniqueid,
    });
  }

  onEndpoint(endpoint: string): SimChannel[] {
    return [...this.channels.values()].filter((ch) => ch.endpoint === endpoint);
  }

  event(
    event: string,
    ch: SimChannel,
    privilege: string,
    extra: AmiFields = [],
    override: Partial<SimChannel> = {},
  ): void {
    this.rt.emit([['Event', event], ['Privilege', privilege], ...channelBlock(ch, '', override), ...extra]);
  }

  varSet(ch: SimChannel, name: string, value: string): void {
    this.event('VarSet', ch, 'dialplan,all', [
      ['Variable', name],
      ['Value', value],
    ]);
  }

  newexten(ch: SimChannel, app: string, data: string): void {
    ch.application = app;
    ch.applicationData = data;
    this.event('Newexten', ch, 'dialplan,all', [
      ['Extension', ch.exten],
      ['Application', app],
      ['AppData', data],
    ]);
  }

  newstate(ch: SimChannel, state: number): void {
    ch.state = state;
    this.event('Newstate', ch, 'call,all');
  }

  hangup(ch: SimChannel, cause: number, causeTxt: string, override: Partial<SimChannel> = {}): void {
    this.channels.delete(ch.name);
    this.event(
      'Hangup',
      ch,
      'call,all',
      [
        ['Cause', String(cause)],
        ['Cause-txt', causeTxt],
      ],
      override,
    );
    for (const l of this.hangupListeners) l(ch);
  }

  // An Originate dials with no calling channel, so its Dial* events carry only the Dest block.
  dialEvent(
    event: 'DialBegin' | 'DialState' | 'DialEnd',
    caller: SimChannel | null,
    dest: SimChannel,
    field: AmiField,
  ): void {
    this.rt.emit([
      ['Event', event],
      ['Privilege', 'call,all'],
      ...(caller ? channelBlock(caller) : []),
      ...channelBlock(dest, 'Dest'),
      field,
    ]);
  }

  bridgeEvent(event: 'BridgeCreate' | 'BridgeDestroy', bridgeId: string): void {
    this.rt.emit([['Event', event], ['Privilege', 'call,all'], ...bridgeBlock(bridgeId, 0)]);
  }

  /** `channels` counts the bridge's channels after `ch` entered or left. */
  bridgeChannelEvent(
    event: 'BridgeEnter' | 'BridgeLeave',
    bridgeId: string,
    channels: number,
    ch: SimChannel,
  ): void {
    this.rt.emit([
      ['Event', event],
      ['Privilege', 'call,all'],
      ...bridgeBlock(bridgeId, channels),
      ...channelBlock(ch),
    ]);
  }
}
