import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { UserEntity } from '../../users/entities/user.entity';
import type { AgentStatus, AgentStatusSource } from '@cc/contracts';

/** Current status of one extension; its past lives in `agent_status_history`. */
@Entity({ name: 'agent_statuses' })
export class AgentStatusEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 32, unique: true })
  extension!: string;

  @Column({ type: 'varchar', length: 32 })
  status!: AgentStatus;

  @Column({ name: 'previous_status', type: 'varchar', length: 32, nullable: true })
  previousStatus!: AgentStatus | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  reason!: string | null;

  @Column({ name: 'status_changed_at', type: 'timestamptz' })
  statusChangedAt!: Date;

  @Column({ type: 'varchar', length: 16 })
  source!: AgentStatusSource;

  @Column({ type: 'uuid', nullable: true })
  actor!: string | null;

  @Column({ name: 'next_status', type: 'varchar', length: 32, nullable: true })
  nextStatus!: AgentStatus | null;

  @Column({ name: 'next_reason', type: 'varchar', length: 255, nullable: true })
  nextReason!: string | null;

  /** The status before the call (or before an automatic OFFLINE), to return to afterwards. */
  @Column({ name: 'resume_status', type: 'varchar', length: 32, nullable: true })
  resumeStatus!: AgentStatus | null;

  @Column({ name: 'resume_reason', type: 'varchar', length: 255, nullable: true })
  resumeReason!: string | null;

  @Column({ name: 'wrapup_ends_at', type: 'timestamptz', nullable: true })
  wrapUpEndsAt!: Date | null;

  /** The reason the platform last paused this agent with: pauses with it are ours to lift. */
  @Column({ name: 'platform_pause_reason', type: 'varchar', length: 255, nullable: true })
  platformPauseReason!: string | null;

  @Column({ name: 'user_id', type: 'uuid', nullable: true })
  userId!: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'user_id' })
  user?: Relation<UserEntity> | null;
}
