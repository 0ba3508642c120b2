import { AmiFields } from '../ami/ami-wire';
import { DeviceStates, memberStatusOfDevice } from './device-states';
import { EndpointChangeOrder } from './endpoint-registry';
import { PbxRuntime } from './pbx-runtime';
import { SimMemberConfig } from './pbx-topology';
import { newQueueCounters } from './queue-counters';
import { SimMember, SimQueue } from './queue.types';

/**
 * What a member's QueueMember* events and its QueueStatus list item share, in Asterisk's order; the two
 * name the member differently (MemberName/Interface vs Name/Location) around it.
 */
export const memberStateFields = (m: SimMember, status = m.status): AmiFields => [
  ['StateInterface', m.stateInterface],
  ['Membership', m.dynamic ? 'dynamic' : 'static'],
  ['Penalty', String(m.penalty)],
  ['CallsTaken', String(m.callsTaken)],
  ['LastCall', String(m.lastCall)],
  ['LastPause', String(m.lastPause)],
  ['LoginTime', String(m.loginTime)],
  ['InCall', m.inCall ? '1' : '0'],
  ['Status', String(status)],
  ['Paused', m.paused ? '1' : '0'],
  ['PausedReason', m.pausedReason],
];

export interface AddMemberOptions {
  name?: string;
  stateInterface?: string;
  penalty?: number;
  paused?: boolean;
  reason?: string;
}

/** Queues and their members: pause, add, remove, penalty, member status and the queue pseudo-devices. */
export class QueueBook {
  readonly queues = new Map<string, SimQueue>();

  constructor(
    private readonly rt: PbxRuntime,
    private readonly devices: DeviceStates,
  ) {}

  /** The configured queues with their static members, counters at zero. */
  boot(loginTime: number): void {
    for (const q of this.rt.topology.queues) {
      this.queues.set(q.name, {
        config: q,
        members: q.members.map((m) => this.newMember(q.name, m, false, loginTime)),
        callers: [],
        ...newQueueCounters(),
        rrLast: -1,
      });
    }
  }

  /** Seeds the pause and avail pseudo-devices without events (they exist before anyone connects). */
  bootDevices(): void {
    for (const q of this.queues.values()) {
      for (const m of q.members)
        this.devices.states.set(`Queue:${q.config.name}_pause_${m.interface}`, 'NOT_INUSE');
      this.devices.states.set(`Queue:${q.config.name}_avail`, this.availState(q));
    }
    for (const q of this.queues.values()) for (const m of q.members) m.status = this.deviceStatus(m);
  }

  clear(): void {
    this.queues.clear();
  }

  private newMember(queue: string, m: SimMemberConfig, dynamic: boolean, loginTime: number): SimMember {
    return {
      queue,
      name: m.name,
      interface: m.interface,
      stateInterface: m.stateInterface,
      dynamic,
      penalty: 0,
      callsTaken: 0,
      lastCall: 0,
      lastPause: 0,
      loginTime,
      inCall: false,
      paused: false,
      pausedReason: '',
      status: 5,
    };
  }

  queueOf(m: SimMember): SimQueue {
    return this.queues.get(m.queue) as SimQueue;
  }

  queueByExtension(exten: string): SimQueue | undefined {
    for (const q of this.queues.values()) if (q.config.extension === exten) return q;
    return undefined;
  }

  membersOf(iface: string): SimMember[] {
    const out: SimMember[] = [];
    for (const q of this.queues.values())
      for (const m of q.members) if (m.interface === iface || m.stateInterface === iface) out.push(m);
    return out;
  }

  /** The members an action naming `Interface` (and optionally `Queue`) acts on. */
  membersByInterface(iface: string, queue?: string): SimMember[] {
    return this.membersOf(iface).filter((m) => m.interface === iface && (!queue || m.queue === queue));
  }

  findMember(queue: string, iface: string): SimMember | undefined {
    return this.queues.get(queue)?.members.find((m) => m.interface === iface);
  }

  memberBlock(m: SimMember, status = m.status): AmiFields {
    return [
      ['Queue', m.queue],
      ['MemberName', m.name],
      ['Interface', m.interface],
      ...memberStateFields(m, status),
      ['Ringinuse', '0'],
      ['Wrapuptime', '0'],
    ];
  }

  memberEvent(event: string, m: SimMember): void {
    this.rt.emit([['Event', event], ['Privilege', 'agent,all'], ...this.memberBlock(m)]);
  }

  /** QueueMemberStatus with the member's new status. */
  setStatus(m: SimMember, status: number): void {
    m.status = status;
    this.memberEvent('QueueMemberStatus', m);
  }

  /** The member's status as its state interface's device state says. */
  deviceStatus(m: SimMember): number {
    return memberStatusOfDevice(this.devices.get(m.stateInterface));
  }

  private availState(q: SimQueue): string {
    return q.members.some((m) => !m.paused && this.deviceStatus(m) === 1) ? 'NOT_INUSE' : 'INUSE';
  }

  refreshAvail(q: SimQueue): void {
    this.devices.set(`Queue:${q.config.name}_avail`, this.availState(q));
  }

  /**
   * A device changed: QueueMemberStatus per queue, with the device and avail changes where Asterisk
   * puts them. Returns true when the members became free (callers may be offered to them).
   */
  followDevice(device: string, state: string, order: EndpointChangeOrder): boolean {
    const members = this.membersOf(device);
    const status = memberStatusOfDevice(state);
    if (order === 'device-first') this.devices.set(device, state);
    if (order === 'members-then-device') {
      for (const m of members) this.setStatus(m, status);
      this.devices.set(device, state);
      for (const m of members) this.refreshAvail(this.queueOf(m));
    } else {
      members.forEach((m, i) => {
        this.setStatus(m, status);
        if (i === 0) this.devices.set(device, state);
        this.refreshAvail(this.queueOf(m));
      });
      this.devices.set(device, state);
    }
    return status === 1;
  }

  pause(iface: string, paused: boolean, reason: string, queue?: string): SimMember[] {
    const members = this.membersByInterface(iface, queue);
    for (const m of members) {
      m.paused = paused;
      m.pausedReason = paused ? reason : '';
      if (paused) m.lastPause = this.rt.nowSec();
      this.devices.set(`Queue:${m.queue}_pause_${m.interface}`, paused ? 'INUSE' : 'NOT_INUSE', true);
      this.memberEvent('QueueMemberPause', m);
      this.refreshAvail(this.queueOf(m));
    }
    return members;
  }

  /**
   * A pause made on the phone (PauseQueueMember/UnpauseQueueMember behind a feature code): the same
   * set_member_paused as the AMI QueuePause, so the same events, with no Action. `queues` empty = all
   * the agent's queues. Returns the queues changed.
   */
  pauseFromPhone(extension: string, paused: boolean, reason: string, queues: string[] = []): string[] {
    const members = this.membersOf(`PJSIP/${extension}`).filter(
      (m) => queues.length === 0 || queues.includes(m.queue),
    );
    for (const m of members) this.pause(m.interface, paused, reason, m.queue);
    return members.map((m) => m.queue);
  }

  add(queue: string, iface: string, opts: AddMemberOptions): 'no-queue' | 'exists' | 'ok' {
    const q = this.queues.get(queue);
    if (!q) return 'no-queue';
    if (q.members.some((m) => m.interface === iface)) return 'exists';
    const m = this.newMember(
      queue,
      { interface: iface, name: opts.name || iface, stateInterface: opts.stateInterface || iface },
      true,
      this.rt.nowSec(),
    );
    m.penalty = opts.penalty ?? 0;
    m.paused = opts.paused ?? false;
    m.pausedReason = m.paused ? (opts.reason ?? '') : '';
    if (m.paused) m.lastPause = this.rt.nowSec();
    m.status = this.deviceStatus(m);
    q.members.push(m);
    this.devices.set(`Queue:${queue}_pause_${iface}`, m.paused ? 'INUSE' : 'NOT_INUSE', true);
    this.memberEvent('QueueMemberAdded', m);
    this.refreshAvail(q);
    return 'ok';
  }

  remove(queue: string, iface: string): 'no-queue' | 'not-there' | 'not-dynamic' | 'ok' {
    const q = this.queues.get(queue);
    if (!q) return 'no-queue';
    const m = q.members.find((x) => x.interface === iface);
    if (!m) return 'not-there';
    if (!m.dynamic) return 'not-dynamic';
    q.members.splice(q.members.indexOf(m), 1);
    this.memberEvent('QueueMemberRemoved', m);
    const pauseDevice = `Queue:${queue}_pause_${iface}`;
    if (m.paused) this.devices.set(pauseDevice, 'NOT_INUSE', true);
    this.devices.delete(pauseDevice);
    this.refreshAvail(q);
    return 'ok';
  }

  setPenalty(iface: string, penalty: number, queue?: string): boolean {
    const members = this.membersByInterface(iface, queue);
    for (const m of members) {
      m.penalty = penalty;
      this.memberEvent('QueueMemberPenalty', m);
    }
    return members.length > 0;
  }
}
