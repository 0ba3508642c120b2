// What the simulator knows to be true (GET /ground-truth): the state a client of its AMI should end with.

export interface GroundTruthMember {
  interface: string;
  name: string;
  stateInterface: string;
  membership: 'static' | 'dynamic';
  penalty: number;
  status: { code: number; name: string };
  paused: boolean;
  pausedReason: string;
  inCall: boolean;
  callsTaken: number;
  lastCall: number;
  lastPause: number;
  loginTime: number;
}

export interface GroundTruth {
  /** Simulated epoch ms. */
  time: number;
  uptimeSeconds: number;
  queues: {
    name: string;
    strategy: string;
    completed: number;
    abandoned: number;
    holdtime: number;
    talktime: number;
    serviceLevelPerf: number;
    members: GroundTruthMember[];
    callers: {
      position: number;
      channel: string;
      uniqueid: string;
      callerIdNum: string;
      callerIdName: string;
      waitSeconds: number;
    }[];
  }[];
  channels: {
    name: string;
    state: number;
    uniqueid: string;
    linkedid: string;
    callerIdNum: string;
    callerIdName: string;
    connectedLineNum: string;
    connectedLineName: string;
    application: string;
    bridgeId: string;
  }[];
  contacts: { endpoint: string; uri: string; status: string; ws: boolean; expiresAt: number }[];
  /** Endpoints under a simulated network fault (POST /faults/endpoint) until restored. */
  endpointFaults?: { extension: string; mode: 'unregister' | 'unreachable' }[];
  devices: Record<string, string>;
  amiSessions: number;
  scenario: { name: string; callsStarted: number; finished: boolean; changesMade?: number } | null;
}
