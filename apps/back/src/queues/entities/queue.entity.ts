import {
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  ManyToOne,
  OneToMany,
  PrimaryGeneratedColumn,
  type Relation,
  Unique,
  UpdateDateColumn,
} from 'typeorm';

@Entity({ name: 'queues' })
export class QueueEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 128, unique: true })
  name!: string;

  @Column({ type: 'varchar', length: 32 })
  strategy!: string;

  @Column({ name: 'wrapup_seconds', type: 'integer', default: 0 })
  wrapupSeconds!: number;

  @Column({ name: 'service_level_seconds', type: 'integer', default: 20 })
  serviceLevelSeconds!: number;

  @OneToMany(() => QueueMemberEntity, (member) => member.queue)
  members?: Relation<QueueMemberEntity[]>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

// In the file of its queue: the two entities name each other (the relation and its inverse).
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
