import { DEMO_AGENTS, DEMO_QUEUES, demoInterface } from '../scenario/demo-topology';

export type SimQueueStrategy = 'ringall' | 'rrmemory';

export interface SimEndpointConfig {
  name: string;
  /** `transport-udp` for plain phones; empty for webrtc endpoints, as PJSIPShowEndpoints reports them. */
  transport: string;
  webrtc: boolean;
  /** CallerID name of the phone (`Agent 1001`). */
  callerName: string;
}

export interface SimMemberConfig {
  interface: string;
  name: string;
  stateInterface: string;
}

export interface SimQueueConfig {
  name: string;
  /** Dialplan extension in `from-external` that runs Queue(<name>,r). */
  extension: string;
  strategy: SimQueueStrategy;
  timeoutSeconds: number;
  retrySeconds: number;
  wrapupSeconds: number;
  serviceLevelSeconds: number;
  members: SimMemberConfig[];
}

export interface SimPoolAgent {
  id: string;
  name: string;
}

export interface SimTopology {
  endpoints: SimEndpointConfig[];
  queues: SimQueueConfig[];
  poolAgents: SimPoolAgent[];
}

const staticMember = (ext: string, name = `Agent ${ext}`): SimMemberConfig => ({
  interface: `PJSIP/${ext}`,
  name,
  stateInterface: `PJSIP/${ext}`,
});

/** The lab Asterisk the fixtures were captured on (see fixtures/ami/README.md). */
export const LAB_TOPOLOGY: SimTopology = {
  endpoints: ['1001', '1002', '1003', '1004', '1005'].map((ext) => ({
    name: ext,
    transport: Number(ext) <= 1003 ? 'transport-udp' : '',
    webrtc: Number(ext) > 1003,
    callerName: `Agent ${ext}`,
  })),
  // Asterisk listed support before sales in every list answer of the lab.
  queues: [
    {
      name: 'support',
      extension: '501',
      strategy: 'ringall',
      timeoutSeconds: 15,
      retrySeconds: 2,
      wrapupSeconds: 5,
      serviceLevelSeconds: 20,
      members: ['1001', '1002', '1003'].map((e) => staticMember(e)),
    },
    {
      name: 'sales',
      extension: '500',
      strategy: 'rrmemory',
      timeoutSeconds: 15,
      retrySeconds: 2,
      wrapupSeconds: 5,
      serviceLevelSeconds: 20,
      members: ['1001', '1002', '1003'].map((e) => staticMember(e)),
    },
  ],
  poolAgents: [{ id: '7001', name: 'Pool Agent 7001' }],
};

/** The demo contact centre (12 agents, sales=500, support=501, billing=502). */
export const demoTopology = (): SimTopology => ({
  endpoints: DEMO_AGENTS.map((a) => ({
    name: a.extension,
    transport: a.webrtc ? '' : 'transport-udp',
    webrtc: a.webrtc,
    callerName: a.name,
  })),
  queues: DEMO_QUEUES.map((q, i) => ({
    name: q.name,
    extension: String(500 + i),
    strategy: q.strategy,
    timeoutSeconds: q.ringTimeoutSeconds,
    retrySeconds: q.retrySeconds,
    wrapupSeconds: q.wrapupSeconds,
    serviceLevelSeconds: q.serviceLevelSeconds,
    members: q.members.map((ext) => ({
      interface: demoInterface(ext),
      name: DEMO_AGENTS.find((a) => a.extension === ext)?.name ?? `Agent ${ext}`,
      stateInterface: demoInterface(ext),
    })),
  })),
  poolAgents: [],
});

/** N agents spread over M queues, every agent in at least one queue. */
export const generatedTopology = (agents: number, queues: number): SimTopology => {
  const names = ['sales', 'support', 'billing'];
  const exts = Array.from({ length: agents }, (_, i) => String(1001 + i));
  return {
    endpoints: exts.map((ext) => ({
      name: ext,
      transport: 'transport-udp',
      webrtc: false,
      callerName: `Agent ${ext}`,
    })),
    queues: Array.from({ length: queues }, (_, qi) => ({
      name: names[qi] ?? `queue${qi + 1}`,
      extension: String(500 + qi),
      strategy: qi % 2 === 1 ? 'ringall' : 'rrmemory',
      timeoutSeconds: 15,
      retrySeconds: 2,
      wrapupSeconds: 5,
      serviceLevelSeconds: 20,
      // each agent in its home queue, every third agent also in the next queue
      members: exts
        .filter((_, ai) => ai % queues === qi || (ai % 3 === 0 && (ai + 1) % queues === qi))
        .map((e) => staticMember(e)),
    })),
    poolAgents: [],
  };
};
