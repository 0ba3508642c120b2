import { Logger } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { AppEnv } from '../config/env.schema';
import { buildDataSourceOptions } from '../database/database.options';
import { QueueEntity, QueueMemberEntity } from '../queues/entities/queue.entity';
import { hashPassword } from '../users/password.hasher';
import { planDemoQueues, planSeedUsers, type SeedQueue, type SeedUser } from './demo-seed.plan';

async function upsertQueues(manager: EntityManager, queues: SeedQueue[]): Promise<void> {
  const queueRepository = manager.getRepository(QueueEntity);
  await queueRepository.upsert(
    queues.map(({ members: _members, ...queue }) => queue),
    { conflictPaths: ['name'] },
  );
  for (const queue of queues) {
    const { id } = await queueRepository.findOneByOrFail({ name: queue.name });
    await manager.getRepository(QueueMemberEntity).upsert(
      queue.members.map((member) => ({ ...member, queueId: id })),
      { conflictPaths: ['queueId', 'interface'] },
    );
  }
}

// Role and extension follow the seed; a password someone changed is kept.
async function upsertUsers(manager: EntityManager, users: SeedUser[]): Promise<void> {
  for (const user of users) {
    await manager.query(
      `INSERT INTO users (username, password_hash, role, extension) VALUES ($1, $2, $3, $4)
       ON CONFLICT (username) DO UPDATE SET role = EXCLUDED.role, extension = EXCLUDED.extension`,
      [user.username, await hashPassword(user.password), user.role, user.extension],
    );
  }
}

// Demo agents start ONLINE so the demo's callers reach someone (a new agent is otherwise OFFLINE);
// an agent who already has a status keeps it.
async function seedAgentStatuses(manager: EntityManager, users: SeedUser[]): Promise<void> {
  for (const user of users) {
    if (user.role !== 'operator' || user.extension === null) continue;
    const inserted: unknown[] = await manager.query(
      `INSERT INTO agent_statuses (extension, status, source, status_changed_at, user_id)
       SELECT $1::varchar, 'ONLINE', 'system', now(), id FROM users WHERE username = $2
       ON CONFLICT (extension) DO NOTHING RETURNING extension`,
      [user.extension, user.username],
    );
    if (inserted.length > 0)
      await manager.query(
        `INSERT INTO agent_status_history (extension, status, source, started_at)
         SELECT extension, status, source, status_changed_at FROM agent_statuses WHERE extension = $1`,
        [user.extension],
      );
  }
}

/** Idempotent: run it as often as you like. Runs pending migrations first so it works on a fresh database. */
export async function seedDatabase(env: AppEnv, logger = new Logger('Seed')): Promise<void> {
  const dataSource = new DataSource(buildDataSourceOptions({ url: env.databaseUrl }));
  await dataSource.initialize();
  try {
    await dataSource.runMigrations({ transaction: 'each' });
    const queues = planDemoQueues();
    const users = planSeedUsers(env);
    await dataSource.transaction(async (manager) => {
      await upsertQueues(manager, queues);
      await upsertUsers(manager, users);
      await seedAgentStatuses(manager, users);
    });
    logger.log(
      `Seeded ${queues.length} queues and ${users.length} users` +
        (env.nodeEnv === 'production' ? ' (production: no demo users)' : ''),
    );
  } finally {
    await dataSource.destroy();
  }
}
