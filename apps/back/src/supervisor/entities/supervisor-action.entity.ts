import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Audit trail of what supervisors and admins did to agents (forced statuses, spying). */
@Entity({ name: 'supervisor_actions' })
export class SupervisorActionEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  /** userId of the supervisor or admin. */
  @Column({ type: 'uuid' })
  actor!: string;

  /** `status` or `spy`. */
  @Column({ type: 'varchar', length: 32 })
  action!: string;

  @Column({ type: 'varchar', length: 32 })
  extension!: string;

  @Column({ type: 'jsonb', default: () => "'{}'::jsonb" })
  details!: Record<string, unknown>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
