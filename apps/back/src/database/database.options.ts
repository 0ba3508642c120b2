import type { DataSourceOptions } from 'typeorm';
import { AgentStatusHistoryEntity } from '../agent-status/entities/agent-status-history.entity';
import { AgentStatusEntity } from '../agent-status/entities/agent-status.entity';
import { PauseReasonEntity } from '../agent-status/entities/pause-reason.entity';
import { CallRecordEntity } from '../calls/entities/call-record.entity';
import type { DatabaseConfig } from '../config/database.config';
import { QueueEntity, QueueMemberEntity } from '../queues/entities/queue.entity';
import { UserEntity } from '../users/entities/user.entity';
import { InitialSchema1764000000000 } from './migrations/1764000000000-initial-schema.migration';
import { AgentStatus1764100000100 } from './migrations/1764100000100-agent-status.migration';
import { Autodialer1765100000000 } from './migrations/1765100000000-autodialer.migration';
import { CallLedger1765200000000 } from './migrations/1765200000000-call-ledger.migration';
import { UserDisabled1765310000000 } from './migrations/1765310000000-user-disabled.migration';
import { SupervisorActionEntity } from '../supervisor/entities/supervisor-action.entity';

// Listed one by one, never globbed: webpack bundles the app, so there are no .ts/.js files to glob at run time.
export const ENTITIES = [
  UserEntity,
  QueueEntity,
  QueueMemberEntity,
  AgentStatusEntity,
  AgentStatusHistoryEntity,
  CallRecordEntity,
  PauseReasonEntity,
  SupervisorActionEntity,
];

/** Append new migrations here, in order. */
export const MIGRATIONS = [
  InitialSchema1764000000000,
  AgentStatus1764100000100,
  Autodialer1765100000000,
  CallLedger1765200000000,
  UserDisabled1765310000000,
];

export function buildDataSourceOptions(config: Pick<DatabaseConfig, 'url'>): DataSourceOptions {
  return {
    type: 'postgres',
    url: config.url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'typeorm_migrations',
    // The schema only ever changes through MIGRATIONS.
    synchronize: false,
    migrationsRun: false,
    connectTimeoutMS: 5000,
  };
}

/** What the serving pool passes to node-postgres: its limits, so no request waits on Postgres forever. */
export interface ServingPoolOptions {
  max: number;
  min: number;
  idleTimeoutMillis: number;
  keepAlive: boolean;
  application_name: string;
  statement_timeout: number;
  query_timeout: number;
  idle_in_transaction_session_timeout: number;
}

/**
 * The serving pool's limits (the one-shot migrate and seed commands go without them):
 * - a statement Postgres runs for longer than the timeout is cancelled by Postgres itself
 *   (`statement_timeout`, which also bounds a wait for a row lock), and a query the server never
 *   answers (a dead connection) is given up by the client a little later (`query_timeout`);
 * - a session left idle inside a transaction (a bug holding row locks) is ended by Postgres;
 * - a few connections stay open while idle, so a status change after a quiet spell does not pay for a
 *   new connection, and TCP keep-alive notices a connection a firewall dropped.
 */
export function servingPoolOptions({ statementTimeoutMs }: DatabaseConfig): ServingPoolOptions {
  return {
    max: 10,
    min: 2,
    idleTimeoutMillis: 30_000,
    keepAlive: true,
    application_name: 'callcenter-back',
    statement_timeout: statementTimeoutMs,
    query_timeout: statementTimeoutMs + 5_000,
    idle_in_transaction_session_timeout: 60_000,
  };
}
