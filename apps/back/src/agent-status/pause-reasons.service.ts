import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type {
  AgentStatus,
  CreatePauseReasonRequest,
  PauseReason,
  UpdatePauseReasonRequest,
} from '@cc/contracts';
import { QueryFailedError, type Repository } from 'typeorm';
import { AgentStatusError } from './domain/agent-status.errors';
import { PauseReasonEntity } from './entities/pause-reason.entity';

const UNIQUE_VIOLATION = '23505';

/** The pause-reason catalogue: admin CRUD, and what a reason given with a status must belong to. */
@Injectable()
export class PauseReasonsService {
  constructor(@InjectRepository(PauseReasonEntity) private readonly reasons: Repository<PauseReasonEntity>) {}

  async list(): Promise<PauseReason[]> {
    return (await this.reasons.find({ order: { status: 'ASC', label: 'ASC' } })).map(toPauseReason);
  }

  async create(input: CreatePauseReasonRequest): Promise<PauseReason> {
    return toPauseReason(await this.saving(() => this.reasons.save(this.reasons.create(input))));
  }

  async update(id: number, input: UpdatePauseReasonRequest): Promise<PauseReason> {
    const existing = await this.reasons.findOneBy({ id });
    if (!existing) throw new AgentStatusError('unknown-pause-reason', `No pause reason has id ${id}`);
    return toPauseReason(await this.saving(() => this.reasons.save({ ...existing, ...input })));
  }

  async remove(id: number): Promise<void> {
    const result = await this.reasons.delete({ id });
    if (result.affected === 0)
      throw new AgentStatusError('unknown-pause-reason', `No pause reason has id ${id}`);
  }

  /**
   * The stored form of a reason given with `status`: the catalogue label matching the code or label
   * (any case). A reason outside the catalogue for that status is refused, listing the valid ones.
   */
  async normalise(status: AgentStatus, reason: string | null): Promise<string | null> {
    if (reason === null || reason.trim() === '') return null;
    const wanted = reason.trim().toLowerCase();
    const valid = await this.reasons.find({ where: { status }, order: { label: 'ASC' } });
    const match = valid.find((r) => r.code.toLowerCase() === wanted || r.label.toLowerCase() === wanted);
    if (!match)
      throw AgentStatusError.invalidReason(
        status,
        reason,
        valid.map((r) => r.label),
      );
    return match.label;
  }

  /** Code and label (lower case) -> status, to read an outside pause's reason. */
  async statusByReason(): Promise<Map<string, AgentStatus>> {
    const map = new Map<string, AgentStatus>();
    for (const r of await this.reasons.find()) {
      map.set(r.code.toLowerCase(), r.status);
      map.set(r.label.toLowerCase(), r.status);
    }
    return map;
  }

  private async saving(save: () => Promise<PauseReasonEntity>): Promise<PauseReasonEntity> {
    try {
      return await save();
    } catch (error) {
      if (
        error instanceof QueryFailedError &&
        (error.driverError as { code?: string }).code === UNIQUE_VIOLATION
      )
        throw new AgentStatusError('duplicate-pause-reason', 'A pause reason with this code exists');
      throw error;
    }
  }
}

function toPauseReason(e: PauseReasonEntity): PauseReason {
  return {
    id: e.id,
    code: e.code,
    label: e.label,
    status: e.status,
    paid: e.paid,
    maxDurationSeconds: e.maxDurationSeconds,
  };
}
