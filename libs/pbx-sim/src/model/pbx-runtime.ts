import { AmiFields } from '../ami/ami-wire';
import { SimClock, SimTimer } from '../clock/sim-clock';
import { SipRegistrarPort } from '../sip/sip-registrar.port';
import { SimTopology } from './pbx-topology';

export type PbxEventListener = (fields: AmiFields) => void;

/** How simulated agent phones behave when rung (for contacts without a real SIP WebSocket phone). */
export interface AgentPhoneBehaviour {
  /** Seconds before answering, or null to never answer (ring no answer). */
  ringSeconds(iface: string): number | null;
  talkSeconds(iface: string): number;
}

export const DEFAULT_PHONE_BEHAVIOUR: AgentPhoneBehaviour = {
  ringSeconds: () => 2,
  talkSeconds: () => 6,
};

export const sec = (ms: number): number => Math.floor(ms / 1000);
// Durations Asterisk prints come from whole-second time() stamps; rounding keeps accelerated timer jitter out of them.
export const secs = (ms: number): number => Math.round(ms / 1000);
export const hex8 = (n: number): string => n.toString(16).padStart(8, '0');

/**
 * Channel and caller numbering. Asterisk restarts its uniqueid, Local and PJSIP channel sequences at
 * boot; queue caller ids are the simulator's own and keep counting across restarts.
 */
export class SimIds {
  private unique = 0;
  private local = 0;
  private pjsip = 0;
  private caller = 0;

  uniqueid(nowSec: number): string {
    return `${nowSec}.${this.unique++}`;
  }

  /** The next uniqueid's sequence number (a REGISTER's Call-ID is built from it). */
  nextUniqueSeq(): number {
    return this.unique + 1;
  }

  localChannel(): string {
    return hex8(this.local++);
  }

  pjsipChannel(): string {
    return hex8(this.pjsip++);
  }

  queueCaller(): number {
    return ++this.caller;
  }

  restart(): void {
    this.unique = 0;
    this.local = 0;
    this.pjsip = 0;
  }
}

/** What every part of the model shares: clock, topology, the AMI event stream, timers and numbering. */
export class PbxRuntime {
  bootedAt: number;
  phone: AgentPhoneBehaviour = DEFAULT_PHONE_BEHAVIOUR;
  sipPort?: SipRegistrarPort;
  readonly ids = new SimIds();
  private readonly listeners = new Set<PbxEventListener>();
  private readonly timers = new Set<SimTimer>();

  constructor(
    readonly topology: SimTopology,
    readonly clock: SimClock,
  ) {
    this.bootedAt = clock.now();
  }

  onEvent(listener: PbxEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(fields: AmiFields): void {
    for (const l of this.listeners) l(fields);
  }

  nowSec(): number {
    return sec(this.clock.now());
  }

  /** Simulated seconds; every model timer is cancelled by a restart. */
  after(seconds: number, fn: () => void): SimTimer {
    const t = this.clock.after(seconds * 1000, () => {
      this.timers.delete(t);
      fn();
    });
    this.timers.add(t);
    return t;
  }

  cancelTimers(): void {
    for (const t of this.timers) t.cancel();
    this.timers.clear();
  }
}
