import { AmiActionLogEntry, AmiServer } from './ami/ami-server';
import { AcceleratedClock } from './clock/sim-clock';
import { GroundTruthHttpServer } from './http/ground-truth.http-server';
import { simulatorHttpRoutes } from './http/simulator-http.routes';
import { DirectCallResult, ExternalOutcome, MEMBER_STATUS_NAMES, PbxModel } from './model/pbx-model';
import { LAB_TOPOLOGY, SimTopology, demoTopology } from './model/pbx-topology';
import { ModelSipRegistrarListener } from './model/sip-registrar.listener';
import { ScenarioEngine, ScenarioOptions, scenarioTopology } from './scenario/scenario-engine';
import { SipWsRegistrar } from './sip/sip-ws-registrar';
import { PbxFaults } from './faults/pbx-faults';
import type { GroundTruth } from './ground-truth';

export type { GroundTruth, GroundTruthMember } from './ground-truth';

export interface PbxSimulatorOptions {
  /** 0 = ephemeral (default). */
  amiPort?: number;
  /** 0 = ephemeral (default); null = no HTTP server. */
  httpPort?: number | null;
  /** Start the SIP-over-WebSocket registrar on this port (path /ws); undefined = no SIP. */
  sipWsPort?: number;
  host?: string;
  amiUser?: string;
  amiSecret?: string;
  /** `idle` (default): nothing happens unless driven through `model`/AMI; or a scenario with options. */
  scenario?: ScenarioOptions | ScenarioOptions['name'];
  /** Topology when the scenario does not imply one: `lab` (the fixtures' Asterisk, default for idle) or `demo`. */
  topology?: 'lab' | 'demo' | SimTopology;
  seed?: number;
  /** Simulated seconds per real second (default 1). */
  speed?: number;
  /** SIP digest password per endpoint; defaults to asterisk/pjsip.conf's `CHANGE_ME_<ext>`. */
  sipPassword?: (endpoint: string) => string;
}

export class PbxSimulator {
  private http?: GroundTruthHttpServer;
  private sip?: SipWsRegistrar;
  private scenarioEngine?: ScenarioEngine;
  private sipPortNumber = 0;
  readonly faults: PbxFaults;

  private constructor(
    readonly model: PbxModel,
    readonly ami: AmiServer,
    readonly clock: AcceleratedClock,
  ) {
    this.faults = new PbxFaults(this);
  }

  static async start(options: PbxSimulatorOptions = {}): Promise<PbxSimulator> {
    const clock = new AcceleratedClock(options.speed ?? 1);
    const scenario: ScenarioOptions =
      typeof options.scenario === 'string'
        ? { name: options.scenario }
        : (options.scenario ?? { name: 'idle' });
    const topology =
      options.topology === 'demo'
        ? demoTopology()
        : options.topology === 'lab'
          ? LAB_TOPOLOGY
          : (options.topology ?? scenarioTopology(scenario));
    const model = new PbxModel(topology, clock);
    const ami = new AmiServer(model, {
      port: options.amiPort ?? 0,
      host: options.host,
      user: options.amiUser ?? 'admin',
      secret: options.amiSecret ?? 'admin',
    });
    await ami.start();
    const sim = new PbxSimulator(model, ami, clock);
    if (options.httpPort !== null) {
      sim.http = new GroundTruthHttpServer(simulatorHttpRoutes(sim));
      await sim.http.start(options.httpPort ?? 0, options.host);
    }
    if (options.sipWsPort !== undefined) {
      const password = options.sipPassword ?? ((ext: string) => `CHANGE_ME_${ext}`);
      sim.sip = new SipWsRegistrar({
        endpoints: topology.endpoints.map((e) => ({ name: e.name, password: password(e.name) })),
        listener: new ModelSipRegistrarListener(() => sim.model),
      });
      sim.sipPortNumber = await sim.sip.start({ port: options.sipWsPort, host: options.host, path: '/ws' });
      model.sipPort = sim.sip;
    }
    if (scenario.name !== 'idle') {
      sim.scenarioEngine = new ScenarioEngine(sim, scenario, options.seed ?? 1);
      sim.scenarioEngine.start();
    }
    return sim;
  }

  get amiPort(): number {
    return this.ami.port;
  }

  get httpPort(): number {
    return this.http?.port ?? 0;
  }

  get sipWsPort(): number {
    return this.sipPortNumber;
  }

  get scenario(): ScenarioEngine | undefined {
    return this.scenarioEngine;
  }

  actionLog(): AmiActionLogEntry[] {
    return [...this.ami.actionLog];
  }

  /**
   * The agent pauses (or unpauses) with a feature code on the phone: QueueMemberPause in `queues`
   * (default all of the agent's queues) with the reason, and no AMI action. Returns the queues changed.
   */
  pauseFromPhone(extension: string, paused: boolean, reason = '', queues: string[] = []): string[] {
    this.ami.logAction(0, 'PhonePause', {
      Extension: extension,
      Paused: String(paused),
      Reason: reason,
      Queues: queues.join(','),
    });
    return this.model.pauseFromPhone(extension, paused, reason, queues);
  }

  /**
   * A call between an agent's phone and an external number, not through a queue: `outbound` the agent
   * dials the number, `inbound` the number dials the agent. The number's outcome applies to outbound.
   */
  directCall(
    extension: string,
    number: string,
    direction: 'inbound' | 'outbound',
    callerName?: string,
  ): DirectCallResult {
    this.ami.logAction(0, 'DirectCall', { Extension: extension, Number: number, Direction: direction });
    return direction === 'outbound'
      ? this.model.agentDialsOut(extension, number)
      : this.model.externalDialsAgent(extension, number, callerName);
  }

  /** What these external numbers do when dialled (others follow the last-digit rule). */
  setOutboundOutcomes(outcomes: Record<string, ExternalOutcome>): void {
    this.ami.logAction(0, 'OutboundOutcomes', { ...outcomes });
    this.model.externalNumbers.set(outcomes);
  }

  groundTruth(): GroundTruth {
    const m = this.model;
    const now = m.clock.now();
    return {
      time: now,
      uptimeSeconds: m.uptimeSeconds(),
      queues: [...m.queues.values()].map((q) => ({
        name: q.config.name,
        strategy: q.config.strategy,
        completed: q.completed,
        abandoned: q.abandoned,
        holdtime: q.holdtimeAvg,
        talktime: q.talktimeAvg,
        serviceLevelPerf: m.slPerf(q),
        members: q.members.map((x) => ({
          interface: x.interface,
          name: x.name,
          stateInterface: x.stateInterface,
          membership: x.dynamic ? ('dynamic' as const) : ('static' as const),
          penalty: x.penalty,
          status: { code: x.status, name: MEMBER_STATUS_NAMES[x.status] ?? 'UNKNOWN' },
          paused: x.paused,
          pausedReason: x.pausedReason,
          inCall: x.inCall,
          callsTaken: x.callsTaken,
          lastCall: x.lastCall,
          lastPause: x.lastPause,
          loginTime: x.loginTime,
        })),
        callers: q.callers.map((c, i) => ({
          position: i + 1,
          channel: c.caller.name,
          uniqueid: c.caller.uniqueid,
          callerIdNum: c.caller.callerNum,
          callerIdName: c.caller.callerName,
          waitSeconds: Math.floor((now - c.joinedAt) / 1000),
        })),
      })),
      channels: [...m.channels.values()].map((c) => ({
        name: c.name,
        state: c.state,
        uniqueid: c.uniqueid,
        linkedid: c.linkedid,
        callerIdNum: c.callerNum,
        callerIdName: c.callerName,
        connectedLineNum: c.connectedNum,
        connectedLineName: c.connectedName,
        application: c.application,
        bridgeId: c.bridgeId,
      })),
      contacts: [...m.contacts.values()].map((c) => ({
        endpoint: c.endpoint,
        uri: c.uri,
        status: c.status,
        ws: c.ws,
        expiresAt: c.expiresAt,
      })),
      endpointFaults: m.endpointFaults(),
      devices: Object.fromEntries(m.devices),
      amiSessions: this.ami.sessions.size,
      scenario: this.scenarioEngine ? this.scenarioEngine.summary() : null,
    };
  }

  async stop(): Promise<void> {
    this.scenarioEngine?.stop();
    this.faults.stop();
    this.model.stop();
    this.clock.cancelAll();
    await this.sip?.stop();
    await this.http?.stop();
    await this.ami.stop();
  }
}
