import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { CallDirection, CallDisposition } from '@cc/contracts';

/** One call as the ledger keeps it, keyed by the Asterisk `Uniqueid` of the call's first channel. */
@Entity({ name: 'call_records' })
@Index('ix_call_records_queue_enqueued_at', ['queue', 'enqueuedAt'])
@Index('ix_call_records_agent_extension_enqueued_at', ['agentExtension', 'enqueuedAt'])
@Index('ix_call_records_agent_extension_answered_at', ['agentExtension', 'answeredAt'])
@Index('ix_call_records_linkedid', ['linkedid'])
export class CallRecordEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 64, unique: true })
  uniqueid!: string;

  @Column({ type: 'varchar', length: 64 })
  linkedid!: string;

  @Column({ type: 'varchar', length: 128, nullable: true })
  queue!: string | null;

  @Column({ name: 'agent_extension', type: 'varchar', length: 32, nullable: true })
  agentExtension!: string | null;

  @Column({ name: 'caller_number', type: 'varchar', length: 64, nullable: true })
  callerNumber!: string | null;

  @Column({ name: 'caller_name', type: 'varchar', length: 128, nullable: true })
  callerName!: string | null;

  @Column({ type: 'varchar', length: 16, default: 'inbound' })
  direction!: CallDirection;

  @Column({ name: 'enqueued_at', type: 'timestamptz', nullable: true })
  enqueuedAt!: Date | null;

  @Column({ name: 'answered_at', type: 'timestamptz', nullable: true })
  answeredAt!: Date | null;

  @Column({ name: 'ended_at', type: 'timestamptz', nullable: true })
  endedAt!: Date | null;

  @Column({ name: 'wait_seconds', type: 'integer', nullable: true })
  waitSeconds!: number | null;

  @Column({ name: 'ring_seconds', type: 'integer', nullable: true })
  ringSeconds!: number | null;

  @Column({ name: 'talk_seconds', type: 'integer', nullable: true })
  talkSeconds!: number | null;

  @Column({ name: 'hold_seconds', type: 'integer', nullable: true })
  holdSeconds!: number | null;

  /** Null while the call is in progress. */
  @Column({ type: 'varchar', length: 32, nullable: true })
  disposition!: CallDisposition | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
