import { type AmiOutgoingFields, queueAdd, queuePenalty, queueRemove } from '@cc/ami';
import type {
  AddQueueMemberRequest,
  AdminQueue,
  AuthenticatedUser,
  CreateQueueRequest,
  UpdateQueueRequest,
} from '@cc/contracts';
import {
  ConflictException,
  Inject,
  Injectable,
  Logger,
  NotFoundException,
  ServiceUnavailableException,
} from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { QueryFailedError, type Repository } from 'typeorm';
import { AMI_ACTION_PORT, type AmiActionPort } from '../ami/ami-action.port';
import { QueueEntity, QueueMemberEntity } from '../queues/entities/queue.entity';
import { SupervisorAuditService } from '../supervisor/supervisor-audit.service';
import {
  extensionOfInterface,
  type MemberPushOperation,
  type MemberPushVerdict,
  memberPushVerdict,
} from './domain/member-push';

const AMI_TIMEOUT_MS = 5000;
const UNIQUE_VIOLATION = '23505';

const toAdminQueue = (queue: QueueEntity): AdminQueue => ({
  name: queue.name,
  strategy: queue.strategy,
  wrapupSeconds: queue.wrapupSeconds,
  serviceLevelSeconds: queue.serviceLevelSeconds,
  members: (queue.members ?? [])
    .slice()
    .sort((a, b) => a.id - b.id)
    .map((m) => ({
      interface: m.interface,
      memberName: m.memberName,
      extension: m.extension,
      penalty: m.penalty,
    })),
});

/**
 * Queues and their members as the admin edits them: Postgres keeps the configuration, members go to
 * Asterisk first (QueueAdd, QueuePenalty, QueueRemove) and are saved only once Asterisk has them, so a
 * refused or unanswered action changes nothing. Queues themselves live in queues.conf (AMI cannot create
 * one), so creating or editing a queue touches Postgres only. Every change is audited.
 */
@Injectable()
export class QueueAdminService {
  private readonly logger = new Logger(QueueAdminService.name);

  constructor(
    @InjectRepository(QueueEntity) private readonly queues: Repository<QueueEntity>,
    @InjectRepository(QueueMemberEntity) private readonly members: Repository<QueueMemberEntity>,
    @Inject(AMI_ACTION_PORT) private readonly ami: AmiActionPort,
    private readonly audit: SupervisorAuditService,
  ) {}

  async list(): Promise<AdminQueue[]> {
    const queues = await this.queues.find({ relations: { members: true }, order: { name: 'ASC' } });
    return queues.map(toAdminQueue);
  }

  async get(name: string): Promise<AdminQueue> {
    return toAdminQueue(await this.queueOrThrow(name));
  }

  async create(actor: AuthenticatedUser, request: CreateQueueRequest): Promise<AdminQueue> {
    if (await this.queues.existsBy({ name: request.name }))
      throw new ConflictException(`Queue ${request.name} already exists`);
    try {
      await this.queues.insert({
        name: request.name,
        strategy: request.strategy,
        wrapupSeconds: request.wrapupSeconds ?? 0,
        serviceLevelSeconds: request.serviceLevelSeconds ?? 20,
      });
    } catch (error) {
      if (
        error instanceof QueryFailedError &&
        (error.driverError as { code?: string }).code === UNIQUE_VIOLATION
      )
        throw new ConflictException(`Queue ${request.name} already exists`);
      throw error;
    }
    await this.record(actor, '', { op: 'queue.created', queue: request.name, ...request });
    return this.get(request.name);
  }

  async update(actor: AuthenticatedUser, name: string, request: UpdateQueueRequest): Promise<AdminQueue> {
    const queue = await this.queueOrThrow(name);
    const changes = {
      ...(request.strategy !== undefined && { strategy: request.strategy }),
      ...(request.wrapupSeconds !== undefined && { wrapupSeconds: request.wrapupSeconds }),
      ...(request.serviceLevelSeconds !== undefined && { serviceLevelSeconds: request.serviceLevelSeconds }),
    };
    if (Object.keys(changes).length > 0) await this.queues.update({ id: queue.id }, changes);
    await this.record(actor, '', { op: 'queue.updated', queue: name, ...changes });
    return this.get(name);
  }

  /** Takes the dynamic members out of Asterisk, then forgets the queue; its queues.conf section stays. */
  async delete(actor: AuthenticatedUser, name: string): Promise<void> {
    const queue = await this.queueOrThrow(name);
    const left: string[] = [];
    for (const member of queue.members ?? []) {
      const verdict = await this.push('remove', queueRemove({ queue: name, interface: member.interface }));
      if (verdict.kind === 'static' || verdict.kind === 'refused') left.push(member.interface);
    }
    if (left.length > 0)
      this.logger.warn(`[${name}] deleted with members Asterisk keeps (queues.conf): ${left.join(', ')}`);
    await this.queues.delete({ id: queue.id });
    await this.record(actor, '', { op: 'queue.deleted', queue: name, keptInAsterisk: left });
  }

  async addMember(
    actor: AuthenticatedUser,
    name: string,
    request: AddQueueMemberRequest,
  ): Promise<AdminQueue> {
    const queue = await this.queueOrThrow(name);
    if (queue.members?.some((m) => m.interface === request.interface))
      throw new ConflictException(`${request.interface} is already a member of ${name}`);
    const memberName = request.memberName ?? request.interface;
    const penalty = request.penalty ?? 0;
    const verdict = await this.push(
      'add',
      queueAdd({ queue: name, interface: request.interface, memberName, penalty }),
    );
    this.throwUnlessApplied(verdict, `add ${request.interface} to ${name}`);
    const extension = request.extension ?? extensionOfInterface(request.interface);
    await this.members.insert({
      queueId: queue.id,
      interface: request.interface,
      memberName,
      extension,
      penalty,
    });
    await this.record(actor, extension, {
      op: 'member.added',
      queue: name,
      interface: request.interface,
      penalty,
    });
    return this.get(name);
  }

  async setPenalty(
    actor: AuthenticatedUser,
    name: string,
    iface: string,
    penalty: number,
  ): Promise<AdminQueue> {
    const member = await this.memberOrThrow(name, iface);
    const verdict = await this.push('penalty', queuePenalty({ queue: name, interface: iface, penalty }));
    this.throwUnlessApplied(verdict, `set the penalty of ${iface} in ${name}`);
    await this.members.update({ id: member.id }, { penalty });
    await this.record(actor, member.extension, {
      op: 'member.penalty',
      queue: name,
      interface: iface,
      from: member.penalty,
      to: penalty,
    });
    return this.get(name);
  }

  async removeMember(actor: AuthenticatedUser, name: string, iface: string): Promise<AdminQueue> {
    const member = await this.memberOrThrow(name, iface);
    const verdict = await this.push('remove', queueRemove({ queue: name, interface: iface }));
    if (verdict.kind === 'static')
      throw new ConflictException(`${iface} is a static member of ${name} in queues.conf: remove it there`);
    this.throwUnlessApplied(verdict, `remove ${iface} from ${name}`);
    await this.members.delete({ id: member.id });
    await this.record(actor, member.extension, { op: 'member.removed', queue: name, interface: iface });
    return this.get(name);
  }

  private async queueOrThrow(name: string): Promise<QueueEntity> {
    const queue = await this.queues.findOne({ where: { name }, relations: { members: true } });
    if (!queue) throw new NotFoundException(`No queue ${name}`);
    return queue;
  }

  private async memberOrThrow(name: string, iface: string): Promise<QueueMemberEntity> {
    const queue = await this.queueOrThrow(name);
    const member = queue.members?.find((m) => m.interface === iface);
    if (!member) throw new NotFoundException(`${iface} is not a member of ${name}`);
    return member;
  }

  /** An unanswered action is not retried: QueueAdd and QueueRemove are not idempotent in their answers. */
  private async push(operation: MemberPushOperation, action: AmiOutgoingFields): Promise<MemberPushVerdict> {
    try {
      return memberPushVerdict(operation, await this.ami.send(action, { timeoutMs: AMI_TIMEOUT_MS }));
    } catch (error) {
      this.logger.warn(
        `${String(action['Action'])} for ${String(action['Interface'])} unanswered: ${String(error)}`,
      );
      throw new ServiceUnavailableException('Asterisk did not answer; nothing was changed');
    }
  }

  private throwUnlessApplied(verdict: MemberPushVerdict, what: string): void {
    if (verdict.kind === 'refused')
      throw new ConflictException(`Asterisk refused to ${what}: ${verdict.message}`);
  }

  private async record(
    actor: AuthenticatedUser,
    extension: string,
    details: Record<string, unknown>,
  ): Promise<void> {
    await this.audit.record(actor.id, 'queue-admin', extension, details);
    this.logger.log(`[audit] ${actor.username} ${JSON.stringify(details)}`);
  }
}
