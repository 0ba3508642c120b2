import { randomUUID } from 'node:crypto';
import { AmiFields } from '../ami/ami-wire';
import { ChannelTable } from './channel-table';
import { DeviceStates } from './device-states';
import { PbxRuntime } from './pbx-runtime';

export type ContactStatusName = 'NonQualified' | 'Reachable' | 'Unreachable';

export interface SimContact {
  endpoint: string;
  id: string;
  uri: string;
  userAgent: string;
  viaAddr: string;
  viaPort: number;
  callId: string;
  expiresAt: number;
  status: ContactStatusName;
  roundtripUsec: number;
  /** Registered over the SIP WebSocket registrar: calls go through `SipRegistrarPort.invite`. */
  ws: boolean;
}

export interface RegisterOptions {
  /** false: the contact never answers qualify (NonQualified -> Unreachable, device stays unavailable). */
  reachable?: boolean;
  expiresSeconds?: number;
  contactPort?: number;
  userAgent?: string;
  /**
   * Asterisk publishes the device state from a taskprocessor, so it may land before or after the first
   * `ContactStatus: Reachable` (register_unregister.ami shows both: 1001 before, 1002 after).
   */
  deviceStateLate?: boolean;
}

/**
 * Where the queue members' QueueMemberStatus goes relative to the endpoint's DeviceStateChange:
 * register_unregister.ami and queue_call_answered.ami show all three.
 */
export type EndpointChangeOrder = 'member-first' | 'device-first' | 'members-then-device';

/** What the rest of the PBX does when an endpoint's reachability changes. */
export interface EndpointObserver {
  /** The endpoint's device state may have changed: members follow it. */
  endpointChanged(endpoint: string, order: EndpointChangeOrder): void;
  /** The endpoint is gone (unreachable or unregistered): its calls end. */
  endpointLost(endpoint: string): void;
}

export type EndpointFaultMode = 'unregister' | 'unreachable' | 'restore';

/** PJSIP registrations: contacts, qualify, digest auth and their AMI events. */
export class EndpointRegistry {
  readonly contacts = new Map<string, SimContact>();
  /** Endpoints under a simulated network fault, and whether a simulated UDP phone was registered before. */
  private readonly faults = new Map<string, { mode: 'unregister' | 'unreachable'; udpPhone: boolean }>();

  constructor(
    private readonly rt: PbxRuntime,
    private readonly devices: DeviceStates,
    private readonly channels: ChannelTable,
    private readonly observer: EndpointObserver,
  ) {}

  hasEndpoint(endpoint: string): boolean {
    return this.rt.topology.endpoints.some((e) => e.name === endpoint);
  }

  endpointDeviceState(endpoint: string): string {
    const contact = this.contacts.get(endpoint);
    if (!contact || contact.status !== 'Reachable') return 'UNAVAILABLE';
    let ringing = false;
    let inUse = false;
    // main/devicestate.c chan2dev: Ringing rings, Ring (an outgoing call hearing ringback) and Up are in
    // use; a channel still Down is about to ring here.
    for (const ch of this.channels.channels.values()) {
      if (ch.endpoint !== endpoint) continue;
      if (ch.state === 5 || ch.state === 0) ringing = true;
      else inUse = true;
    }
    if (inUse && ringing) return 'RINGINUSE';
    if (inUse) return 'INUSE';
    if (ringing) return 'RINGING';
    return 'NOT_INUSE';
  }

  /** Publish the endpoint's current device state (no event when unchanged). */
  refreshDevice(endpoint: string): void {
    this.devices.set(`PJSIP/${endpoint}`, this.endpointDeviceState(endpoint));
  }

  isReachable(endpoint: string): boolean {
    return this.contacts.get(endpoint)?.status === 'Reachable';
  }

  securityEvent(
    event: string,
    endpoint: string,
    callId: string,
    remote: string,
    extra: AmiFields,
    severity = 'Informational',
  ): void {
    this.rt.emit([
      ['Event', event],
      ['Privilege', 'security,all'],
      ['EventTV', new Date(this.rt.clock.now()).toISOString().replace('Z', '+0000')],
      ['Severity', severity],
      ['Service', 'PJSIP'],
      ['EventVersion', '1'],
      ['AccountID', endpoint],
      ['SessionID', callId],
      ['LocalAddress', remote.includes('/WS/') ? 'IPV4/WS/127.0.0.1/8088' : 'IPV4/UDP/127.0.0.1/5060'],
      ['RemoteAddress', remote],
      ...extra,
    ]);
  }

  private contactStatusEvent(c: SimContact, status: string, rtt = 0): void {
    this.rt.emit([
      ['Event', 'ContactStatus'],
      ['Privilege', 'system,all'],
      ['URI', c.uri],
      ['ContactStatus', status],
      ['AOR', c.endpoint],
      ['EndpointName', c.endpoint],
      ['RoundtripUsec', String(rtt)],
    ]);
  }

  private peerStatus(endpoint: string, status: 'Reachable' | 'Unreachable'): void {
    this.rt.emit([
      ['Event', 'PeerStatus'],
      ['Privilege', 'system,all'],
      ['ChannelType', 'PJSIP'],
      ['Peer', `PJSIP/${endpoint}`],
      ['PeerStatus', status],
    ]);
  }

  private authSequence(endpoint: string, callId: string, remote: string, ok: boolean): void {
    this.securityEvent('ChallengeSent', endpoint, callId, remote, [['Challenge', '']]);
    if (ok) this.securityEvent('SuccessfulAuth', endpoint, callId, remote, [['UsingPassword', '1']]);
    else
      this.securityEvent(
        'ChallengeResponseFailed',
        endpoint,
        callId,
        remote,
        [
          ['Challenge', `${this.rt.nowSec()}/${randomUUID().replace(/-/g, '')}`],
          ['Response', randomUUID().replace(/-/g, '')],
          ['ExpectedResponse', ''],
        ],
        'Error',
      );
  }

  private udpRemote(endpoint: string): { remote: string; viaPort: number } {
    const viaPort = 5100 + (Number(endpoint) % 100);
    return { remote: `IPV4/UDP/127.0.0.1/${viaPort}`, viaPort };
  }

  private registerCallId(): string {
    return `${this.rt.ids.nextUniqueSeq()}-${Math.floor(this.rt.clock.now() % 100000)}@127.0.0.1`;
  }

  faultOf(endpoint: string): 'unregister' | 'unreachable' | undefined {
    return this.faults.get(endpoint)?.mode;
  }

  /**
   * A simulated network fault on one endpoint. `unregister`: the contact goes as with REGISTER
   * Expires: 0 (a SIP WebSocket phone's binding is dropped, without the REGISTER's auth events);
   * `unreachable`: qualify fails. Until `restore`, the phone's REGISTERs and qualify answers are lost.
   * `restore` brings a simulated UDP phone back as it was (registers again, or answers qualify); a SIP
   * WebSocket phone answers the next qualify, or binds again at its next REGISTER.
   */
  setFault(endpoint: string, mode: EndpointFaultMode): void {
    if (!this.hasEndpoint(endpoint)) throw new Error(`unknown endpoint ${endpoint}`);
    const contact = this.contacts.get(endpoint);
    const sip = this.rt.sipPort;
    if (mode === 'restore') {
      const fault = this.faults.get(endpoint);
      if (!fault) return;
      this.faults.delete(endpoint);
      sip?.setEndpointFault?.(endpoint, null);
      if (fault.mode === 'unregister' && fault.udpPhone && !this.contacts.has(endpoint))
        this.register(endpoint);
      if (fault.mode === 'unreachable' && contact && !contact.ws)
        this.qualifyAnswered(endpoint, 600 + Math.floor(Math.random() * 600));
      return;
    }
    const udpPhone = this.faults.get(endpoint)?.udpPhone ?? (!!contact && !contact.ws);
    this.faults.set(endpoint, { mode, udpPhone });
    sip?.setEndpointFault?.(endpoint, mode);
    if (!contact || contact.ws) return;
    if (mode === 'unregister') this.unregister(endpoint);
    else this.qualifyFailed(endpoint);
  }

  /** A UDP phone REGISTERs with digest auth (ChallengeSent, SuccessfulAuth, NonQualified, then the first qualify). */
  register(endpoint: string, opts: RegisterOptions = {}): void {
    if (!this.hasEndpoint(endpoint)) throw new Error(`unknown endpoint ${endpoint}`);
    // the phone's network is down: its REGISTER never reaches the PBX
    if (this.faults.has(endpoint)) return;
    const { remote, viaPort } = this.udpRemote(endpoint);
    const callId = this.registerCallId();
    this.authSequence(endpoint, callId, remote, true);
    const existing = this.contacts.get(endpoint);
    if (existing && existing.status !== 'NonQualified') {
      existing.expiresAt = this.rt.nowSec() + (opts.expiresSeconds ?? 300);
      return;
    }
    this.contactAdded({
      endpoint,
      id: `${endpoint};@${randomUUID().replace(/-/g, '')}`,
      uri: `sip:${endpoint}@127.0.0.1:${opts.contactPort ?? 5081}`,
      userAgent: opts.userAgent ?? 'SIPp-agent-phone',
      viaAddr: '127.0.0.1',
      viaPort,
      callId,
      expiresAt: this.rt.nowSec() + (opts.expiresSeconds ?? 300),
      status: 'NonQualified',
      roundtripUsec: 0,
      ws: false,
    });
    if (opts.reachable === false) this.qualifyFailed(endpoint);
    else this.qualifyAnswered(endpoint, 600 + Math.floor(Math.random() * 600), opts.deviceStateLate);
  }

  /** A REGISTER whose digest response is wrong. */
  registerWithWrongPassword(endpoint: string): void {
    const { remote } = this.udpRemote(endpoint);
    this.authSequence(endpoint, this.registerCallId(), remote, false);
  }

  contactAdded(contact: SimContact): void {
    if (this.faults.has(contact.endpoint)) return;
    this.contacts.set(contact.endpoint, contact);
    this.contactStatusEvent(contact, 'NonQualified');
  }

  /** A qualify OPTIONS was answered. */
  qualifyAnswered(endpoint: string, rtt: number, deviceStateLate = false): void {
    const c = this.contacts.get(endpoint);
    if (!c || this.faults.has(endpoint)) return;
    c.roundtripUsec = rtt;
    if (c.status === 'Reachable') return;
    const wasUnreachable = c.status === 'Unreachable';
    c.status = 'Reachable';
    this.peerStatus(endpoint, 'Reachable');
    if (wasUnreachable) {
      this.contactStatusEvent(c, 'Reachable', rtt);
      this.observer.endpointChanged(endpoint, 'device-first');
      return;
    }
    if (!deviceStateLate) this.refreshDevice(endpoint);
    this.contactStatusEvent(c, 'Reachable', rtt);
    if (deviceStateLate) this.refreshDevice(endpoint);
    this.observer.endpointChanged(endpoint, 'member-first');
  }

  /** A qualify OPTIONS went unanswered (network loss, phone gone). */
  qualifyFailed(endpoint: string): void {
    const c = this.contacts.get(endpoint);
    if (!c || c.status === 'Unreachable') return;
    const wasReachable = c.status === 'Reachable';
    c.status = 'Unreachable';
    c.roundtripUsec = 0;
    if (!wasReachable) {
      this.contactStatusEvent(c, 'Unreachable');
      return;
    }
    this.peerStatus(endpoint, 'Unreachable');
    this.contactStatusEvent(c, 'Unreachable');
    this.observer.endpointLost(endpoint);
    this.observer.endpointChanged(endpoint, 'member-first');
  }

  /** REGISTER with Expires: 0. */
  unregister(endpoint: string): void {
    const c = this.contacts.get(endpoint);
    if (!c) return;
    const { remote } = this.udpRemote(endpoint);
    if (!c.ws) this.authSequence(endpoint, c.callId, remote, true);
    this.removeContact(endpoint);
  }

  /** The registration expired without refresh, or the WebSocket transport closed. */
  removeContact(endpoint: string): void {
    const c = this.contacts.get(endpoint);
    if (!c) return;
    const wasReachable = c.status === 'Reachable';
    this.contacts.delete(endpoint);
    if (wasReachable) {
      this.peerStatus(endpoint, 'Unreachable');
      this.observer.endpointLost(endpoint);
      this.observer.endpointChanged(endpoint, 'members-then-device');
    }
    this.contactStatusEvent(c, 'Removed');
  }
}
