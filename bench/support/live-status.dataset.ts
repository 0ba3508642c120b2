// A site of a given size as the live store holds it, and the same configuration as Postgres rows.
import type { ChannelStatusData, OperatorStatusData, QueueStatusData } from '@cc/contracts';
import type { DataSource } from 'typeorm';
import type { LiveStatusContent } from '../../apps/back/src/live-status/domain/live-status.types';

export interface SiteSize {
  operators: number;
  channels: number;
  queues: number;
}

/** Deterministic content: every third operator in a call, every seventh paused, callers in some queues. */
export function buildSite(size: SiteSize): LiveStatusContent {
  const now = new Date().toISOString();
  const queueNames = Array.from({ length: size.queues }, (_, i) => `queue-${i}`);
  const operators = Array.from({ length: size.operators }, (_, i): OperatorStatusData => {
    const queue = queueNames[i % size.queues];
    const iface = `PJSIP/${10000 + i}`;
    return {
      id: `${queue}:${iface}`,
      name: `Agent ${i}`,
      interface: iface,
      queue,
      status: i % 3 ? 'NOT_INUSE' : 'INUSE',
      paused: i % 7 === 0,
      pausedReason: i % 7 === 0 ? 'break' : '',
      inCall: i % 3 === 0,
      currentCall: i % 3 === 0 ? { channel: `PJSIP/trunk-${i}`, caller: '5551234', since: now } : null,
      lastCallAt: now,
      callsTaken: i % 40,
      penalty: 0,
      membership: 'static',
      updatedAt: now,
    };
  });
  const channels = Array.from({ length: size.channels }, (_, i): ChannelStatusData => ({
    id: `1700000000.${i}`,
    name: `PJSIP/${10000 + i}-0000${i}`,
    state: 'UP',
    callerId: '5551234',
    connectedLine: String(10000 + i),
    extension: '500',
    context: 'from-external',
    linkedId: `1700000000.${i}`,
    bridgeId: `bridge-${i}`,
    queue: queueNames[i % size.queues],
    startedAt: now,
    duration: i % 600,
  }));
  const queues = queueNames.map((name, i): QueueStatusData => ({
    name,
    strategy: 'rrmemory',
    totalMembers: Math.ceil(size.operators / size.queues),
    available: 10,
    busy: 10,
    paused: 3,
    unavailable: 2,
    callersWaiting: i % 5,
    longestWaitSec: 42,
    completed: 100,
    abandoned: 4,
    serviceLevelPct: 92,
    callers: Array.from({ length: i % 5 }, (_, c) => ({
      uniqueid: `1700000001.${i}${c}`,
      channel: `PJSIP/trunk-${i}${c}`,
      callerId: '5550000',
      callerName: 'Caller',
      position: c + 1,
      joinedAt: now,
    })),
    updatedAt: now,
  }));
  return { operators, channels, queues };
}

/** The same queues and members as rows of the app's own `queues` / `queue_members` tables. */
export async function seedQueueConfiguration(dataSource: DataSource, site: LiveStatusContent): Promise<void> {
  await dataSource.query(`INSERT INTO queues (name, strategy) SELECT * FROM unnest($1::text[], $2::text[])`, [
    site.queues.map((q) => q.name),
    site.queues.map((q) => q.strategy ?? 'ringall'),
  ]);
  await dataSource.query(
    `INSERT INTO queue_members (queue_id, interface, member_name, extension, penalty, paused, reason_paused)
     SELECT q.id, m.interface, m.name, m.extension, m.penalty, m.paused, m.reason
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[], $6::bool[], $7::text[])
         AS m(queue, interface, name, extension, penalty, paused, reason)
       JOIN queues q ON q.name = m.queue`,
    [
      site.operators.map((o) => o.queue),
      site.operators.map((o) => o.interface),
      site.operators.map((o) => o.name),
      site.operators.map((o) => o.interface.replace(/^.*\//, '')),
      site.operators.map((o) => o.penalty),
      site.operators.map((o) => o.paused),
      site.operators.map((o) => (o.pausedReason === '' ? null : o.pausedReason)),
    ],
  );
  await dataSource.query('ANALYZE queues; ANALYZE queue_members');
}
