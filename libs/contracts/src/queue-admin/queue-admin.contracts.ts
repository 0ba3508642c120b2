/** Queue strategies app_queue.c knows (`strategies[]`); `ringall` is Asterisk's default. */
export const QUEUE_STRATEGIES = [
  'ringall',
  'leastrecent',
  'fewestcalls',
  'random',
  'rrmemory',
  'rrordered',
  'linear',
  'wrandom',
] as const;
export type QueueStrategy = (typeof QUEUE_STRATEGIES)[number];

export interface AdminQueueMember {
  /** Asterisk interface, e.g. `PJSIP/1005`. */
  interface: string;
  memberName: string;
  extension: string;
  penalty: number;
}

export interface AdminQueue {
  name: string;
  strategy: string;
  wrapupSeconds: number;
  serviceLevelSeconds: number;
  members: AdminQueueMember[];
}

export interface AdminQueueList {
  items: AdminQueue[];
}

/** `POST /api/admin/queues`. */
export interface CreateQueueRequest {
  name: string;
  strategy: QueueStrategy;
  wrapupSeconds?: number;
  serviceLevelSeconds?: number;
}

/** `PATCH /api/admin/queues/:name`. */
export interface UpdateQueueRequest {
  strategy?: QueueStrategy;
  wrapupSeconds?: number;
  serviceLevelSeconds?: number;
}

/** `POST /api/admin/queues/:name/members`: QueueAdd in Asterisk, a row in Postgres. */
export interface AddQueueMemberRequest {
  interface: string;
  /** Default: the interface. */
  memberName?: string;
  /** Default: what follows the technology in the interface (`PJSIP/1005` -> `1005`). */
  extension?: string;
  penalty?: number;
}

/** `PATCH /api/admin/queues/:name/members/:interface`: QueuePenalty. */
export interface UpdateQueueMemberRequest {
  penalty: number;
}
