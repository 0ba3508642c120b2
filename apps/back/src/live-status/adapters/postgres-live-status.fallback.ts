import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { OperatorStatusData, QueueStatusData } from '@cc/contracts';
import type { Repository } from 'typeorm';
import { QueueEntity, QueueMemberEntity } from '../../queues/entities/queue.entity';
import { memberIdOf } from '../domain/live-status.types';

/**
 * The degraded read path: when Redis cannot answer, operators and queues come from the configuration
 * in Postgres. Live fields (device status, calls, callers) are unknown there and say so
 * (`UNKNOWN`, zero counts); the API marks such answers `source: "db"`.
 */
@Injectable()
export class PostgresLiveStatusFallback {
  constructor(
    @InjectRepository(QueueEntity) private readonly queues: Repository<QueueEntity>,
    @InjectRepository(QueueMemberEntity) private readonly members: Repository<QueueMemberEntity>,
  ) {}

  async operators(queueName?: string): Promise<OperatorStatusData[]> {
    const rows = await this.members.find({
      relations: { queue: true },
      where: queueName ? { queue: { name: queueName } } : {},
      order: { queueId: 'ASC', interface: 'ASC' },
    });
    const now = new Date().toISOString();
    return rows.flatMap((row) => (row.queue ? [operatorFromRow(row, row.queue.name, now)] : []));
  }

  async queueStatuses(queueName?: string): Promise<QueueStatusData[]> {
    const queues = await this.queues.find({
      relations: { members: true },
      where: queueName ? { name: queueName } : {},
      order: { name: 'ASC' },
    });
    const now = new Date().toISOString();
    return queues.map((queue) => queueFromRow(queue, now));
  }
}

function operatorFromRow(row: QueueMemberEntity, queue: string, now: string): OperatorStatusData {
  return {
    id: memberIdOf(queue, row.interface),
    name: row.memberName,
    interface: row.interface,
    queue,
    status: 'UNKNOWN',
    paused: row.paused,
    pausedReason: row.reasonPaused ?? '',
    inCall: false,
    currentCall: null,
    lastCallAt: null,
    callsTaken: 0,
    penalty: row.penalty,
    membership: 'static',
    updatedAt: now,
  };
}

function queueFromRow(queue: QueueEntity, now: string): QueueStatusData {
  const members = queue.members ?? [];
  const paused = members.filter((member) => member.paused).length;
  return {
    name: queue.name,
    strategy: queue.strategy,
    totalMembers: members.length,
    available: 0,
    busy: 0,
    paused,
    unavailable: 0,
    callersWaiting: 0,
    longestWaitSec: 0,
    oldestCallerJoinedAt: null,
    completed: 0,
    abandoned: 0,
    serviceLevelPct: 0,
    callers: [],
    updatedAt: now,
  };
}
