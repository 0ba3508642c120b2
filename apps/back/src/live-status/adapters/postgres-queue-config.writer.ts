import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { QueueEntity, QueueMemberEntity } from '../../queues/entities/queue.entity';
import type { QueueConfigImportPlan } from '../sync/queue-config-import.plan';
import type { SyncMember } from '../sync/sync-view';

/** `PJSIP/1001` -> `1001`: the extension the demo seed stores for a member. */
function extensionOf(iface: string): string {
  const slash = iface.indexOf('/');
  return (slash < 0 ? iface : iface.slice(slash + 1)).slice(0, 32);
}

/** Writes an import plan into the queue configuration tables, all of it or nothing. */
@Injectable()
export class PostgresQueueConfigWriter {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async apply(plan: QueueConfigImportPlan): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const queues = manager.getRepository(QueueEntity);
      const members = manager.getRepository(QueueMemberEntity);
      for (const queue of [...plan.createQueues, ...plan.updateQueues]) {
        await queues.upsert({ name: queue.name, strategy: queue.strategy ?? 'ringall' }, ['name']);
      }
      const idOf = new Map((await queues.find()).map((queue) => [queue.name, queue.id]));
      const row = (member: SyncMember) => ({
        queueId: idOf.get(member.queue),
        interface: member.interface,
        memberName: member.name,
        extension: extensionOf(member.interface),
        penalty: member.penalty,
        paused: member.paused,
        reasonPaused: member.paused && member.pausedReason !== '' ? member.pausedReason : null,
      });
      for (const member of [...plan.createMembers, ...plan.updateMembers]) {
        await members.upsert(row(member), ['queueId', 'interface']);
      }
      for (const member of plan.removeMembers) {
        const queueId = idOf.get(member.queue);
        if (queueId !== undefined) await members.delete({ queueId, interface: member.interface });
      }
    });
  }
}
