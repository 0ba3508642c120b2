import type { CreateUserRequest } from '@cc/contracts';
import { ConflictException, Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { UserEntity } from './entities/user.entity';
import { hashPassword, verifyPassword } from './password.hasher';

const UNIQUE_VIOLATION = '23505';

@Injectable()
export class UsersService {
  private readonly logger = new Logger(UsersService.name);

  constructor(@InjectRepository(UserEntity) private readonly users: Repository<UserEntity>) {}

  list(): Promise<UserEntity[]> {
    return this.users.find({ order: { username: 'ASC' } });
  }

  findById(id: string): Promise<UserEntity | null> {
    return this.users.findOneBy({ id });
  }

  /** The user when the password matches, otherwise null (unknown user and wrong password look the same). */
  async verifyCredentials(username: string, password: string): Promise<UserEntity | null> {
    const user = await this.users.findOneBy({ username });
    if (!user) {
      return null;
    }
    return (await verifyPassword(user.passwordHash, password)) ? user : null;
  }

  async create(input: CreateUserRequest): Promise<UserEntity> {
    const passwordHash = await hashPassword(input.password);
    try {
      return await this.users.save(
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
