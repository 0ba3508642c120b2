import type { ActionFaultMode } from '../ami/ami-server';
import { SimHttpError } from '../http/ground-truth.http-server';
import type { EndpointFaultMode } from '../model/endpoint-registry';
import type { AmiServer } from '../ami/ami-server';
import type { PbxModel } from '../model/pbx-model';

/** The parts of the simulator a fault acts on (PbxSimulator is one). */
export interface FaultTarget {
  readonly model: PbxModel;
  readonly ami: AmiServer;
}

export interface RestartOptions {
  /** Real seconds during which new AMI connections are closed at once (default 1). */
  downSeconds?: number;
}

/**
 * Fault injection. Durations are REAL seconds (they are about the client's sockets and timers,
 * not the simulated call centre).
 */
export class PbxFaults {
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(private readonly sim: FaultTarget) {}

  /** Close AMI sockets: `reset` sends a TCP RST (resetAndDestroy), `end` a clean FIN. Returns how many. */
  dropAmi(mode: 'reset' | 'end' = 'reset', sessionId?: number): number {
    return this.sim.ami.dropSessions(mode, sessionId);
  }

  /** Stop reading from and writing to AMI sockets for a while; writes are queued and flushed after. */
  stallAmi(seconds: number, sessionId?: number): number {
    return this.sim.ami.stallSessions(seconds, sessionId);
  }

  /** Logins fail with `Authentication failed` (and the socket closes) for the next `seconds`. */
  refuseLogins(seconds: number): void {
    this.sim.ami.refuseLoginsUntil = Date.now() + seconds * 1000;
  }

  /** The next `count` (default unlimited) actions with this name answer `Response: Error` or never answer. */
  failAction(action: string, mode: ActionFaultMode, count = Number.POSITIVE_INFINITY): void {
    this.sim.ami.actionFaults.set(action.toLowerCase(), { mode, remaining: count });
  }

  clearActionFaults(): void {
    this.sim.ami.actionFaults.clear();
  }

  /**
   * `core restart now`: Shutdown event, every AMI socket closed, the PBX comes back with fresh
   * counters, no channels, static members only, no pauses (persistentmembers=no).
   */
  restart(options: RestartOptions = {}): void {
    const { ami, model } = this.sim;
    ami.broadcast([
      ['Event', 'Shutdown'],
      ['Privilege', 'system,all'],
      ['Shutdown', 'Cleanly'],
      ['Restart', 'True'],
    ]);
    ami.dropSessions('end');
    ami.down = true;
    model.restart();
    const t = setTimeout(
      () => {
        this.timers.delete(t);
        ami.down = false;
      },
      (options.downSeconds ?? 1) * 1000,
    );
    this.timers.add(t);
  }

  /**
   * A network fault on one agent's phone (`unregister`, `unreachable`) until `restore`; the AMI events
   * are those of register_unregister.ami (see docs/pbx-simulator.md).
   */
  endpoint(extension: string, mode: EndpointFaultMode): void {
    if (!this.sim.model.hasEndpoint(extension)) throw new SimHttpError(404, `unknown extension ${extension}`);
    this.sim.ami.logAction(0, 'EndpointFault', { Extension: extension, Mode: mode });
    this.sim.model.setEndpointFault(extension, mode);
  }

  stop(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  /** `POST /faults/<name>` of the HTTP API. */
  fromHttp(name: string, body: Record<string, unknown>): unknown {
    const num = (k: string, d?: number): number => {
      const v = body[k];
      if (v === undefined && d !== undefined) return d;
      if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`'${k}' must be a number`);
      return v;
    };
    const session = body['session'] === undefined ? undefined : num('session');
    switch (name) {
      case 'drop':
        return { dropped: this.dropAmi(body['mode'] === 'end' ? 'end' : 'reset', session) };
      case 'stall':
        return { stalled: this.stallAmi(num('seconds'), session) };
      case 'refuse-logins':
        this.refuseLogins(num('seconds'));
        return { ok: true };
      case 'restart':
        this.restart({ downSeconds: num('downSeconds', 1) });
        return { ok: true };
      case 'action': {
        const action = body['action'];
        if (typeof action !== 'string') throw new Error("'action' must be a string");
        const mode = body['mode'] === 'timeout' ? 'timeout' : 'error';
        this.failAction(action, mode, body['count'] === undefined ? undefined : num('count'));
        return { ok: true };
      }
      case 'endpoint': {
        const extension = body['extension'];
        const mode = body['mode'];
        if (typeof extension !== 'string' || extension === '')
          throw new SimHttpError(400, "'extension' must be a non-empty string");
        if (mode !== 'unregister' && mode !== 'unreachable' && mode !== 'restore')
          throw new SimHttpError(400, "'mode' must be one of unregister, unreachable, restore");
        this.endpoint(extension, mode);
        return { ok: true, extension, mode };
      }
      case 'clear':
        this.clearActionFaults();
        this.sim.ami.refuseLoginsUntil = 0;
        return { ok: true };
      default:
        throw new SimHttpError(404, `unknown fault ${name}`);
    }
  }
}
