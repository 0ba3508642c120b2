import type { SyncMember, SyncQueue, SyncView } from './sync-view';

/** What an import from Asterisk changes in the queue configuration in Postgres. */
export interface QueueConfigImportPlan {
  createQueues: SyncQueue[];
  /** Queues whose strategy Asterisk states differently. */
  updateQueues: SyncQueue[];
  createMembers: SyncMember[];
  /** Members whose name, penalty or pause Asterisk states differently. */
  updateMembers: SyncMember[];
  /** Members of a queue Asterisk reports that Asterisk does not list: they are not configured there. */
  removeMembers: SyncMember[];
  /** Queues only Postgres has: left alone (Asterisk may have them in a file it has not loaded yet). */
  queuesOnlyInPostgres: string[];
}

function sameMember(a: SyncMember, b: SyncMember): boolean {
  return (
    a.name === b.name && a.penalty === b.penalty && a.paused === b.paused && a.pausedReason === b.pausedReason
  );
}

/**
 * Makes Postgres hold the queues and members as Asterisk reports them. Idempotent: planned against
 * its own result, it changes nothing.
 */
export function planQueueConfigImport(postgres: SyncView, asterisk: SyncView): QueueConfigImportPlan {
  const pgQueues = new Map(postgres.queues.map((queue) => [queue.name, queue]));
  const pgMembers = new Map(postgres.members.map((member) => [member.id, member]));
  const asteriskQueues = new Set(asterisk.queues.map((queue) => queue.name));
  const asteriskMembers = new Set(asterisk.members.map((member) => member.id));
  const plan: QueueConfigImportPlan = {
    createQueues: [],
    updateQueues: [],
    createMembers: [],
    updateMembers: [],
    removeMembers: [],
    queuesOnlyInPostgres: postgres.queues.filter((q) => !asteriskQueues.has(q.name)).map((q) => q.name),
  };
  for (const queue of asterisk.queues) {
    const known = pgQueues.get(queue.name);
    if (!known) plan.createQueues.push(queue);
    else if (known.strategy !== queue.strategy) plan.updateQueues.push(queue);
  }
  for (const member of asterisk.members) {
    const known = pgMembers.get(member.id);
    if (!known) plan.createMembers.push(member);
    else if (!sameMember(known, member)) plan.updateMembers.push(member);
  }
  plan.removeMembers = postgres.members.filter(
    (member) => asteriskQueues.has(member.queue) && !asteriskMembers.has(member.id),
  );
  return plan;
}
