import type { AuthenticatedUser, CreateUserRequest } from '@cc/contracts';
import type { ModuleMetadata } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { NestFactory } from '@nestjs/core';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { AppModule } from '../../src/app.module';
import { AuthService } from '../../src/auth/auth.service';
import { appConfig } from '../../src/config/app.config';
import { parseEnv, type AppEnv, type RawEnv } from '../../src/config/env.schema';
import { configureApp } from '../../src/app.setup';
import { toAuthenticatedUser } from '../../src/users/user-summary.mapper';
import { UsersService } from '../../src/users/users.service';
import { createTestDatabase, type TestDatabase } from './test-database';
import { deleteRedisKeys, TEST_REDIS_URL, uniqueRedisKeyPrefix } from './test-redis';

export const TEST_ADMIN = { username: 'admin', password: 'admin-test-password' } as const;

export interface TestAppOptions {
  /** Raw environment overrides, validated like production: `{ RABBITMQ_URL: 'amqp://guest:guest@127.0.0.1:5672' }`. */
  env?: RawEnv;
  /** Extra modules (test doubles, feature modules under test). */
  imports?: NonNullable<ModuleMetadata['imports']>;
  /** Reuse a database (e.g. to restart the app on the same data); otherwise a fresh one is created and dropped. */
  database?: TestDatabase;
}

export interface TestUser {
  user: AuthenticatedUser;
  password: string;
  /** Bearer token for `Authorization: Bearer ${token}`. */
  token: string;
}

export interface TestApp {
  app: NestExpressApplication;
  /** supertest bound to the listening server: `http.get('/health')`. */
  http: ReturnType<typeof request>;
  /** `http://127.0.0.1:<port>`: for Socket.IO clients and the like. */
  url: string;
  env: AppEnv;
  database: TestDatabase;
  /** Every Redis key this app writes starts with it; close() deletes them. */
  redisKeyPrefix: string;
  /** Creates a user (default: random operator) and signs a token for it. */
  createUser(input?: Partial<CreateUserRequest>): Promise<TestUser>;
  tokenFor(user: AuthenticatedUser): Promise<string>;
  /** Closes the app, deletes its Redis keys, drops the database it created. */
  close(): Promise<void>;
}

function testEnv(databaseUrl: string, redisKeyPrefix: string, overrides: RawEnv): AppEnv {
  const parsed = parseEnv({
    NODE_ENV: 'test',
    // Set TEST_LOG_LEVEL=debug to see the app's logs while debugging a test.
    LOG_LEVEL: process.env['TEST_LOG_LEVEL'] ?? 'silent',
    DATABASE_URL: databaseUrl,
    REDIS_URL: TEST_REDIS_URL,
    REDIS_KEY_PREFIX: redisKeyPrefix,
    JWT_SECRET: randomBytes(24).toString('hex'),
    WEBHOOK_TOKEN: randomBytes(12).toString('hex'),
    ADMIN_USERNAME: TEST_ADMIN.username,
    ADMIN_PASSWORD: TEST_ADMIN.password,
    SOFTPHONE_DIST_DIR: 'tmp/no-softphone-in-tests',
    // Ephemeral ports for the embedded PBX simulator; each app its own lease owner name.
    AMI_PORT: '0',
    PBX_SIM_SIP_WS_PORT: '0',
    INSTANCE_ID: `test-${randomBytes(4).toString('hex')}`,
    ...overrides,
  });
  if (!parsed.ok) {
    throw new Error(`Invalid test configuration:\n${parsed.errors.join('\n')}`);
  }
  return parsed.env;
}

/** Builds the real application (migrations run) against a fresh Postgres database and listens on an ephemeral port. */
export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const ownsDatabase = options.database === undefined;
  const database = options.database ?? (await createTestDatabase());
  const prefix = options.env?.['REDIS_KEY_PREFIX'] ?? uniqueRedisKeyPrefix();
  const env = testEnv(database.url, prefix, options.env ?? {});

  let app: NestExpressApplication | undefined;
  const cleanUp = async (): Promise<void> => {
    await app?.close();
    if (env.redisKeyPrefix !== '') {
      // A test may point REDIS_URL at a dead port on purpose: then there is nothing to delete.
      await deleteRedisKeys(env.redisKeyPrefix, env.redisUrl).catch(() => undefined);
    }
    if (ownsDatabase) {
      await database.drop();
    }
  };

  try {
    // @nestjs/testing is not installed: the app is built exactly as main.ts builds it.
    app = await NestFactory.create<NestExpressApplication>(
      AppModule.forRoot({ env, runMigrations: true, imports: options.imports }),
      { bufferLogs: true, abortOnError: false },
    );
    configureApp(app, appConfig.build(env));
    await app.listen(0, '127.0.0.1');
  } catch (error) {
    await cleanUp().catch(() => undefined);
    throw error;
  }

  const started = app;
  const { port } = started.getHttpServer().address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  const auth = started.get(AuthService);
  const users = started.get(UsersService);
  const tokenFor = async (user: AuthenticatedUser): Promise<string> =>
    (await auth.issueToken(user)).accessToken;

  return {
    app: started,
    http: request(url),
    url,
    env,
    database,
    redisKeyPrefix: env.redisKeyPrefix,
    tokenFor,
    createUser: async (input = {}) => {
      const password = input.password ?? `pw-${randomBytes(6).toString('hex')}`;
      const entity = await users.create({
        username: input.username ?? `user_${randomBytes(4).toString('hex')}`,
        password,
        role: input.role ?? 'operator',
        extension: input.extension ?? null,
      });
      const user = toAuthenticatedUser(entity);
      return { user, password, token: await tokenFor(user) };
    },
    close: cleanUp,
  };
}
