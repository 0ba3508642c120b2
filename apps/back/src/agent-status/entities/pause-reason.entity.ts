import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { AgentStatus } from '@cc/contracts';

/** A pause code of the catalogue, belonging to one status. */
@Entity({ name: 'pause_reasons' })
export class PauseReasonEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 64, unique: true })
  code!: string;

  @Column({ type: 'varchar', length: 128 })
  label!: string;

  @Column({ type: 'varchar', length: 32 })
  status!: AgentStatus;

  @Column({ type: 'boolean', default: false })
  paid!: boolean;

  @Column({ name: 'max_duration_seconds', type: 'integer', nullable: true })
  maxDurationSeconds!: number | null;
}
