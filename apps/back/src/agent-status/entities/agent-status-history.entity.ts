import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { AgentStatus, AgentStatusSource } from '@cc/contracts';

/** One period an extension spent in a status; `ended_at` is null while it lasts. */
@Entity({ name: 'agent_status_history' })
@Index('ix_agent_status_history_extension_started_at', ['extension', 'startedAt'])
export class AgentStatusHistoryEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 32 })
  extension!: string;

  @Column({ type: 'varchar', length: 32 })
  status!: AgentStatus;

  @Column({ type: 'varchar', length: 255, nullable: true })
  reason!: string | null;

  @Column({ type: 'varchar', length: 16 })
  source!: AgentStatusSource;

  @Column({ type: 'uuid', nullable: true })
  actor!: string | null;

  @Column({ name: 'started_at', type: 'timestamptz' })
  startedAt!: Date;

  @Column({ name: 'ended_at', type: 'timestamptz', nullable: true })
  endedAt!: Date | null;

  @Column({ name: 'duration_seconds', type: 'integer', nullable: true })
  durationSeconds!: number | null;
}
