import {
  Column,
  Entity,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
  Unique,
} from 'typeorm';
import { QueueEntity } from './queue.entity';

@Entity({ name: 'queue_members' })
@Unique('uq_queue_members_queue_interface', ['queueId', 'interface'])
export class QueueMemberEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ name: 'queue_id', type: 'integer' })
  queueId!: number;

  @ManyToOne(() => QueueEntity, (queue) => queue.members, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'queue_id' })
  queue?: Relation<QueueEntity>;

  /** Asterisk interface, e.g. `PJSIP/1001`. */
  @Column({ type: 'varchar', length: 128 })
  interface!: string;

  @Column({ name: 'member_name', type: 'varchar', length: 128 })
  memberName!: string;

  @Column({ type: 'varchar', length: 32 })
  extension!: string;

  @Column({ type: 'integer', default: 0 })
  penalty!: number;

  @Column({ type: 'boolean', default: false })
  paused!: boolean;

  @Column({ name: 'reason_paused', type: 'varchar', length: 128, nullable: true })
  reasonPaused!: string | null;
}
