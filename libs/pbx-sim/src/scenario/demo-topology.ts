/**
 * The demo contact centre: one definition read by the simulator's `demo` scenario, by `npm run seed`
 * and mirrored by hand in `asterisk/queues.conf` + `asterisk/pjsip.conf`, so the three always agree.
 */

export type QueueStrategy = 'ringall' | 'rrmemory';

export interface DemoQueue {
  name: string;
  strategy: QueueStrategy;
  /** Seconds a member rests after a call before being offered another (queues.conf `wrapuptime`). */
  wrapupSeconds: number;
  /** Seconds a member rings before the queue tries the next one (`timeout`). */
  ringTimeoutSeconds: number;
  /** Seconds between ring attempts (`retry`). */
  retrySeconds: number;
  /** Answer-within threshold for the service level (`servicelevel`). */
  serviceLevelSeconds: number;
  /** Extensions of the static members, in penalty order. */
  members: string[];
}

export interface DemoAgent {
  extension: string;
  /** Queue member name as Asterisk reports it (`MemberName`). */
  name: string;
  /** `webrtc=yes` endpoints are reachable from the browser softphone over WebSocket. */
  webrtc: boolean;
}

export const DEMO_AGENTS: readonly DemoAgent[] = Array.from({ length: 12 }, (_, i) => {
  const extension = String(1001 + i);
  return { extension, name: `Agent ${extension}`, webrtc: true };
});

export const DEMO_QUEUES: readonly DemoQueue[] = [
  {
    name: 'sales',
    strategy: 'rrmemory',
    wrapupSeconds: 5,
    ringTimeoutSeconds: 15,
    retrySeconds: 2,
    serviceLevelSeconds: 20,
    members: ['1001', '1002', '1003', '1004', '1005', '1006'],
  },
  {
    name: 'support',
    strategy: 'ringall',
    wrapupSeconds: 5,
    ringTimeoutSeconds: 15,
    retrySeconds: 2,
    serviceLevelSeconds: 20,
    members: ['1001', '1002', '1003', '1007', '1008', '1009'],
  },
  {
    name: 'billing',
    strategy: 'rrmemory',
    wrapupSeconds: 10,
    ringTimeoutSeconds: 15,
    retrySeconds: 2,
    serviceLevelSeconds: 30,
    members: ['1009', '1010', '1011', '1012'],
  },
];

export const demoInterface = (extension: string): string => `PJSIP/${extension}`;
