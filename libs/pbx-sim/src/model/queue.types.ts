import { SimTimer } from '../clock/sim-clock';
import { SipCallHandle } from '../sip/sip-registrar.port';
import { SimChannel } from './channel';
import { SimQueueConfig } from './pbx-topology';

export interface SimMember {
  queue: string;
  name: string;
  interface: string;
  stateInterface: string;
  dynamic: boolean;
  penalty: number;
  callsTaken: number;
  lastCall: number;
  lastPause: number;
  loginTime: number;
  inCall: boolean;
  paused: boolean;
  pausedReason: string;
  /** Last status reported in a QueueMemberStatus. */
  status: number;
}

export interface RingAttempt {
  member: SimMember;
  channel: SimChannel;
  startedAt: number;
  timers: SimTimer[];
  sip?: SipCallHandle;
}

export interface QueueCaller {
  id: number;
  queue: string;
  /** The `;1` half of the Local pair of an originated caller; none for a caller from the trunk. */
  local1?: SimChannel;
  caller: SimChannel;
  joinedAt: number;
  originalPosition: number;
  state: 'waiting' | 'connected' | 'done';
  rings: RingAttempt[];
  agent?: RingAttempt;
  connectedAt?: number;
  patienceTimer?: SimTimer;
  retryTimer?: SimTimer;
  talkTimer?: SimTimer;
  bridgeId?: string;
}

export interface SimQueue {
  config: SimQueueConfig;
  members: SimMember[];
  callers: QueueCaller[];
  completed: number;
  abandoned: number;
  /** Calls answered within the service level, and abandoned within it (for ServicelevelPerf2). */
  completedInSl: number;
  abandonedInSl: number;
  holdtimeAvg: number;
  talktimeAvg: number;
  rrLast: number;
  connectedCount: number;
}
