import { AmiFields } from '../ami/ami-wire';
import type { EndpointFaultMode } from '../model/endpoint-registry';
import { LAB_TOPOLOGY, SimTopology, demoTopology, generatedTopology } from '../model/pbx-topology';
import type { AmiServer } from '../ami/ami-server';
import type { AcceleratedClock } from '../clock/sim-clock';
import type { PbxFaults } from '../faults/pbx-faults';
import type { PbxModel } from '../model/pbx-model';

/** The parts of the simulator a scenario drives (PbxSimulator is one). */
export interface ScenarioTarget {
  readonly model: PbxModel;
  readonly ami: AmiServer;
  readonly clock: AcceleratedClock;
  readonly faults: PbxFaults;
}
import { LoadDriver } from './load-driver';
import { Prng } from './prng';

export type Range = readonly [number, number];

/** What a client may hold unread before the flood waits for it. */
const FLOOD_BACKLOG_BYTES = 1024 * 1024;

export interface CallTrafficOptions {
  /** Mean seconds between caller arrivals (Poisson). */
  callIntervalSeconds?: number;
  /** Caller patience in seconds before abandoning. */
  patienceSeconds?: Range;
  ringSeconds?: Range;
  talkSeconds?: Range;
  /** Share of ring attempts the agent lets ring out (AgentRingNoAnswer, retry). */
  noAnswerRate?: number;
  /** Mean seconds between pause/unpause toggles of a random agent; 0 = none. */
  pauseIntervalSeconds?: number;
  /** Mean seconds between network losses (contact Unreachable, back after 5-20 s); 0 = none. */
  lossIntervalSeconds?: number;
  /** Mean seconds between an agent unregistering and registering again 10-40 s later; 0 = none. */
  reregisterIntervalSeconds?: number;
  /** Scripted faults on one endpoint each, at simulated seconds from the start (as POST /faults/endpoint). */
  endpointFaults?: EndpointFaultStep[];
}

export interface EndpointFaultStep {
  atSeconds: number;
  extension: string;
  mode: EndpointFaultMode;
}

export interface LoadScenarioOptions extends CallTrafficOptions {
  calls?: number;
  queues?: number;
  agents?: number;
  /** Pause episodes spread over the run. */
  pauses?: number;
  /** Registration losses (and recoveries) spread over the run. */
  registrationLosses?: number;
  /** Restart the PBX right after this call index (0-based) was originated; null = never. */
  restartAtCall?: number | null;
  /**
   * Member/agent changes per simulated second on top of the calls (pause toggles with reasons, some
   * network losses and recoveries); 0 = none. 1,000 agents at 200/s is the dashboard load test's.
   */
  changesPerSecond?: number;
}

export type ScenarioOptions =
  | { name: 'idle' }
  | ({ name: 'demo' } & CallTrafficOptions)
  | { name: 'flood'; batch?: number }
  | ({ name: 'load' } & LoadScenarioOptions);

export interface ScenarioSummary {
  name: string;
  callsStarted: number;
  finished: boolean;
  restarts: number;
  eventsFlooded: number;
  changesMade: number;
}

export const scenarioTopology = (s: ScenarioOptions): SimTopology => {
  if (s.name === 'demo') return demoTopology();
  if (s.name === 'load') return generatedTopology(s.agents ?? 20, s.queues ?? 3);
  return LAB_TOPOLOGY;
};

const PAUSE_REASONS = ['Lunch', 'Training', 'Break', 'Meeting'];
const FIRST = ['Ada', 'Bob', 'Chloe', 'Dan', 'Eve', 'Farid', 'Gina', 'Hugo', 'Iris', 'Jon'];

/** Seeded, time-accelerated traffic on top of the PBX model. */
export class ScenarioEngine {
  private readonly rng: Prng;
  private readonly timers: NodeJS.Timeout[] = [];
  private stopped = false;
  private callsStarted = 0;
  private restarts = 0;
  private eventsFlooded = 0;
  private finished = false;
  private loadDriver?: LoadDriver;
  private driverTimer?: NodeJS.Timeout;
  private stopFlood?: () => void;

  constructor(
    private readonly sim: ScenarioTarget,
    private readonly options: ScenarioOptions,
    seed: number,
  ) {
    this.rng = new Prng(seed);
  }

  summary(): ScenarioSummary {
    return {
      name: this.options.name,
      callsStarted: this.callsStarted,
      finished: this.finished,
      restarts: this.restarts,
      eventsFlooded: this.eventsFlooded,
      changesMade: this.loadDriver?.changesMade ?? 0,
    };
  }

  start(): void {
    const o = this.options;
    if (o.name === 'flood') return this.flood(o.batch ?? 2000);
    if (o.name === 'idle') return;
    const traffic: CallTrafficOptions = o;
    this.installPhones(traffic);
    this.registerAgents(o.name === 'demo' ? 10 : Number.POSITIVE_INFINITY);
    this.arrivals(traffic);
    if (o.name === 'load') {
      this.loadEpisodes(o);
      if (o.changesPerSecond) this.driveChanges(o.changesPerSecond);
    } else this.randomEpisodes(traffic);
    for (const step of traffic.endpointFaults ?? []) {
      if (!this.sim.model.hasEndpoint(step.extension))
        throw new Error(`endpointFaults: unknown extension ${step.extension}`);
      this.after(step.atSeconds, () => this.sim.faults.endpoint(step.extension, step.mode));
    }
  }

  stop(): void {
    this.stopped = true;
    this.stopFlood?.();
    clearInterval(this.driverTimer);
    for (const t of this.timers) clearTimeout(t);
    this.timers.length = 0;
  }

  /** Real-time timer for `simSeconds` of simulated time. */
  private after(simSeconds: number, fn: () => void): void {
    if (this.stopped) return;
    const t = setTimeout(
      () => {
        if (!this.stopped) fn();
      },
      (simSeconds * 1000) / this.sim.clock.speed,
    );
    this.timers.push(t);
    if (this.timers.length > 1000) this.timers.splice(0, 500);
  }

  private installPhones(o: CallTrafficOptions): void {
    const ring = o.ringSeconds ?? [1, 6];
    const talk = o.talkSeconds ?? [10, 60];
    const noAnswer = o.noAnswerRate ?? 0.05;
    this.sim.model.phone = {
      ringSeconds: () => (this.rng.next() < noAnswer ? null : this.rng.between(ring[0], ring[1])),
      talkSeconds: () => this.rng.between(talk[0], talk[1]),
    };
  }

  // Demo leaves the last endpoints free so real softphones can register them over SIP WebSocket.
  private registerAgents(max: number): void {
    this.sim.model.topology.endpoints.slice(0, max).forEach((e) => {
      if (!this.sim.model.contacts.has(e.name)) this.sim.model.register(e.name);
    });
  }

  private arrivals(o: CallTrafficOptions & { calls?: number; restartAtCall?: number | null }): void {
    const interval = o.callIntervalSeconds ?? (this.options.name === 'load' ? 2 : 4);
    const patience = o.patienceSeconds ?? [20, 120];
    const limit = o.calls ?? Number.POSITIVE_INFINITY;
    const next = () => {
      if (this.callsStarted >= limit) {
        this.finished = true;
        return;
      }
      const queues = [...this.sim.model.queues.values()];
      const q = this.rng.pick(queues);
      const idx = this.callsStarted++;
      const num = `+1555${String(1000000 + this.rng.int(0, 8999999)).slice(-7)}`;
      this.sim.model.originate({
        channel: `Local/${q.config.extension}@from-external`,
        application: 'Wait',
        data: '300',
        callerId: `"${this.rng.pick(FIRST)} Caller" <${num}>`,
        variables: [['CUSTOMER_ID', String(idx + 1)]],
        patienceSeconds: this.rng.between(patience[0], patience[1]),
      });
      if (o.restartAtCall !== undefined && o.restartAtCall !== null && idx === o.restartAtCall) {
        this.restarts++;
        this.sim.faults.restart({ downSeconds: 0.5 });
      }
      this.after(this.rng.exponential(interval), next);
    };
    this.after(1, next);
  }

  private pauseToggle(): void {
    const members = [...this.sim.model.queues.values()].flatMap((q) => q.members);
    if (members.length === 0) return;
    const m = this.rng.pick(members);
    const paused = !m.paused;
    this.sim.model.pauseMember(m.interface, paused, paused ? this.rng.pick(PAUSE_REASONS) : '');
  }

  private networkLoss(): void {
    const reachable = [...this.sim.model.contacts.values()].filter((c) => c.status === 'Reachable' && !c.ws);
    if (reachable.length === 0) return;
    const c = this.rng.pick(reachable);
    this.sim.model.qualifyFailed(c.endpoint);
    this.after(this.rng.between(5, 20), () =>
      this.sim.model.qualifyAnswered(c.endpoint, this.rng.int(300, 1500)),
    );
  }

  private reregister(): void {
    const registered = [...this.sim.model.contacts.values()].filter((c) => c.status === 'Reachable' && !c.ws);
    if (registered.length === 0) return;
    const c = this.rng.pick(registered);
    this.sim.model.unregister(c.endpoint);
    this.after(this.rng.between(10, 40), () => {
      if (!this.sim.model.contacts.has(c.endpoint)) this.sim.model.register(c.endpoint);
    });
  }

  private randomEpisodes(o: CallTrafficOptions): void {
    const reregisterEvery = o.reregisterIntervalSeconds ?? 90;
    if (reregisterEvery > 0) {
      const loop = () => {
        this.reregister();
        this.after(this.rng.exponential(reregisterEvery), loop);
      };
      this.after(this.rng.exponential(reregisterEvery), loop);
    }
    const pauseEvery = o.pauseIntervalSeconds ?? 30;
    const lossEvery = o.lossIntervalSeconds ?? 120;
    if (pauseEvery > 0) {
      const loop = () => {
        this.pauseToggle();
        this.after(this.rng.exponential(pauseEvery), loop);
      };
      this.after(this.rng.exponential(pauseEvery), loop);
    }
    if (lossEvery > 0) {
      const loop = () => {
        this.networkLoss();
        this.after(this.rng.exponential(lossEvery), loop);
      };
      this.after(this.rng.exponential(lossEvery), loop);
    }
  }

  private loadEpisodes(o: LoadScenarioOptions): void {
    const span = (o.calls ?? 500) * (o.callIntervalSeconds ?? 2);
    for (let i = 0; i < (o.pauses ?? 10); i++) {
      const at = this.rng.between(0.05, 0.9) * span;
      this.after(at, () => this.pauseToggle());
      this.after(at + this.rng.between(10, 60), () => this.pauseToggle());
    }
    // half network losses (qualify fails, contact comes back), half explicit unregister + register
    for (let i = 0; i < (o.registrationLosses ?? 4); i++)
      this.after(this.rng.between(0.05, 0.9) * span, () =>
        i % 2 === 0 ? this.networkLoss() : this.reregister(),
      );
  }

  // Ticks every 50 ms of real time; the driver makes whatever the simulated clock says is due.
  private driveChanges(perSecond: number): void {
    const driver = new LoadDriver(this.sim.model, this.rng, perSecond);
    this.loadDriver = driver;
    driver.tick(this.sim.clock.now());
    this.driverTimer = setInterval(() => {
      if (!this.stopped) driver.tick(this.sim.clock.now());
    }, 50);
  }

  /** As many realistic events as the client socket takes; waits while its buffer is full. */
  private flood(batch: number): void {
    const model = this.sim.model;
    const members = [...model.queues.values()].flatMap((q) => q.members);
    const events: AmiFields[] = members.flatMap((m) => [
      [['Event', 'QueueMemberStatus'], ['Privilege', 'agent,all'], ...model.memberBlock(m, 1)],
      [
        ['Event', 'DeviceStateChange'],
        ['Privilege', 'call,all'],
        ['Device', m.stateInterface],
        ['State', 'NOT_INUSE'],
      ],
    ]);
    let i = 0;
    this.stopFlood = this.sim.ami.pumpBursts(() => {
      for (let n = 0; n < batch; n++) model.emit(events[i++ % events.length]);
      this.eventsFlooded += batch;
    }, FLOOD_BACKLOG_BYTES);
  }
}
