import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One call leg as seen by the queues, keyed by the Asterisk channel `Uniqueid`. */
@Entity({ name: 'call_records' })
@Index('ix_call_records_queue_enqueued_at', ['queue', 'enqueuedAt'])
@Index('ix_call_records_agent_extension_enqueued_at', ['agentExtension', 'enqueuedAt'])
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

  @Column({ name: 'enqueued_at', type: 'timestamptz', nullable: true })
  enqueuedAt!: Date | null;

  @Column({ name: 'answered_at', type: 'timestamptz', nullable: true })
  answeredAt!: Date | null;

  @Column({ name: 'ended_at', type: 'timestamptz', nullable: true })
  endedAt!: Date | null;

  @Column({ name: 'wait_seconds', type: 'integer', nullable: true })
  waitSeconds!: number | null;

  @Column({ name: 'talk_seconds', type: 'integer', nullable: true })
  talkSeconds!: number | null;

  /** e.g. ANSWERED, ABANDONED, TIMEOUT; null while the call is in progress. */
  @Column({ type: 'varchar', length: 32, nullable: true })
  disposition!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
