import type { AuthenticatedUser, CreateUserRequest, UpdateUserRequest } from '@cc/contracts';
import { ConflictException, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { TokenRevocations } from '../access/token-revocations';
import { AppEventBus } from '../events/app-event.bus';
import { SupervisorAuditService } from '../supervisor/supervisor-audit.service';
import { UserEntity } from './entities/user.entity';
import { hashPassword, verifyPassword } from './password.hasher';

const UNIQUE_VIOLATION = '23505';

@Injectable()
export class UsersService {
  private readonly logger = new Logger(UsersService.name);

  constructor(
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    private readonly audit: SupervisorAuditService,
    private readonly revocations: TokenRevocations,
    private readonly events: AppEventBus,
  ) {}

  list(): Promise<UserEntity[]> {
    return this.users.find({ order: { username: 'ASC' } });
  }

  findById(id: string): Promise<UserEntity | null> {
    return this.users.findOneBy({ id });
  }

  /**
   * The user when the password matches and the account is enabled, otherwise null (unknown user, wrong
   * password and disabled account look the same to whoever tries).
   */
  async verifyCredentials(username: string, password: string): Promise<UserEntity | null> {
    const user = await this.users.findOneBy({ username });
    if (!user || user.disabled) {
      return null;
    }
    return (await verifyPassword(user.passwordHash, password)) ? user : null;
  }

  async create(input: CreateUserRequest, actor?: AuthenticatedUser): Promise<UserEntity> {
    const passwordHash = await hashPassword(input.password);
    let created: UserEntity;
    try {
      created = await this.users.save(
        this.users.create({
          username: input.username,
          passwordHash,
          role: input.role,
          extension: input.extension ?? null,
        }),
      );
    } catch (error) {
      if ((error as { code?: string }).code === UNIQUE_VIOLATION) {
        throw new ConflictException(`Username ${input.username} is taken`);
      }
      throw error;
    }
    if (actor) await this.record(actor, created, { op: 'user.created', role: created.role });
    return created;
  }

  /**
   * Changes role, extension or the disabled flag. An admin cannot demote, disable or (below) delete their
   * own account: the last admin locking themselves out would leave nobody to undo it.
   */
  async update(actor: AuthenticatedUser, id: string, changes: UpdateUserRequest): Promise<UserEntity> {
    const user = await this.existing(id);
    const demotes = changes.role !== undefined && changes.role !== 'admin';
    if (user.id === actor.id && (demotes || changes.disabled === true))
      throw new ConflictException('An admin cannot demote or disable their own account');
    const before = { role: user.role, extension: user.extension, disabled: user.disabled };
    if (changes.role !== undefined) user.role = changes.role;
    if (changes.extension !== undefined) user.extension = changes.extension;
    if (changes.disabled !== undefined) user.disabled = changes.disabled;
    const saved = await this.users.save(user);
    // A token carries role and extension: one that no longer says the truth, or a disabled user's, must go.
    const stale =
      saved.role !== before.role ||
      saved.extension !== before.extension ||
      (saved.disabled && !before.disabled);
    if (stale) await this.revokeTokens(saved);
    await this.record(actor, saved, {
      op: 'user.updated',
      before,
      after: { role: saved.role, extension: saved.extension, disabled: saved.disabled },
    });
    return saved;
  }

  async resetPassword(actor: AuthenticatedUser, id: string, password: string): Promise<void> {
    const user = await this.existing(id);
    user.passwordHash = await hashPassword(password);
    await this.users.save(user);
    await this.revokeTokens(user);
    // The trail says that it happened, never what the password is.
    await this.record(actor, user, { op: 'user.password-reset' });
  }

  async remove(actor: AuthenticatedUser, id: string): Promise<void> {
    const user = await this.existing(id);
    if (user.id === actor.id) throw new ConflictException('An admin cannot delete their own account');
    await this.users.delete({ id: user.id });
    await this.revokeTokens(user);
    await this.record(actor, user, { op: 'user.deleted', role: user.role });
  }

  /**
   * The change is saved either way; with Redis unreachable the user's tokens stay valid until they expire
   * (a disabled user still cannot sign in again), and the log says so.
   */
  private async revokeTokens(user: UserEntity): Promise<void> {
    try {
      await this.revocations.revoke(user.id);
    } catch (error) {
      this.logger.error(
        `tokens of ${user.username} not revoked (Redis: ${(error as Error).message}); they expire on their own`,
      );
    }
    this.events.emit('user.access.revoked', { userId: user.id, at: new Date().toISOString() });
  }

  private async existing(id: string): Promise<UserEntity> {
    const user = await this.findById(id);
    if (!user) throw new NotFoundException(`No user ${id}`);
    return user;
  }

  private async record(
    actor: AuthenticatedUser,
    user: UserEntity,
    details: Record<string, unknown>,
  ): Promise<void> {
    // The trail is keyed by extension; a user without one is found by the id and name in the details.
    await this.audit.record(actor.id, 'user-admin', user.extension ?? '', {
      ...details,
      userId: user.id,
      username: user.username,
    });
    this.logger.log(`[audit] ${actor.username} ${String(details['op'])} user ${user.username}`);
  }

  /** Creates the admin account when no user has that name; never overwrites an existing password. */
  async ensureAdmin(username: string, password: string): Promise<void> {
    if (await this.users.existsBy({ username })) {
      return;
    }
    await this.users
      .createQueryBuilder()
      .insert()
      .values({ username, passwordHash: await hashPassword(password), role: 'admin', extension: null })
      .orIgnore()
      .execute();
    this.logger.log(`Created admin account "${username}"`);
  }
}
