import {
  Column,
  CreateDateColumn,
  Entity,
  OneToMany,
  PrimaryGeneratedColumn,
  type Relation,
  UpdateDateColumn,
} from 'typeorm';
import { QueueMemberEntity } from './queue-member.entity';

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
