import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { SupervisorActionEntity } from './entities/supervisor-action.entity';

export type SupervisorActionKind = 'status' | 'spy' | 'queue-admin' | 'user-admin';

/** Writes who did what to which agent; the trail is never edited. */
@Injectable()
export class SupervisorAuditService {
  constructor(
    @InjectRepository(SupervisorActionEntity) private readonly actions: Repository<SupervisorActionEntity>,
  ) {}

  async record(
    actor: string,
    action: SupervisorActionKind,
    extension: string,
    details: Record<string, unknown>,
  ): Promise<void> {
    await this.actions.save(this.actions.create({ actor, action, extension, details }));
  }

  async forExtension(extension: string): Promise<SupervisorActionEntity[]> {
    return this.actions.find({ where: { extension }, order: { id: 'ASC' } });
  }
}
