import { durationToSeconds, parseEnv, type EnvParseResult } from './env.schema';

const PRODUCTION_SECRETS = {
  NODE_ENV: 'production',
  DATABASE_URL: 'postgres://cc@db:5432/callcenter',
  JWT_SECRET: 'a-production-secret-of-32-chars!',
  WEBHOOK_TOKEN: 'webhook-token-123',
  ADMIN_PASSWORD: 'a strong admin password',
};

function errorsOf(result: EnvParseResult): string[] {
  if (result.ok) {
    throw new Error('expected the environment to be rejected');
  }
  return result.errors;
}

function envOf(result: EnvParseResult) {
  if (!result.ok) {
    throw new Error(`expected a valid environment, got ${result.errors.join('; ')}`);
  }
  return result;
}

describe('parseEnv', () => {
  it('names REDIS_URL when it is not a redis URL', () => {
    expect(errorsOf(parseEnv({ REDIS_URL: 'notaurl' }))).toEqual(['REDIS_URL: must be a redis:// URL']);
  });

  it('names a statement timeout that is not a positive number of milliseconds', () => {
    expect(errorsOf(parseEnv({ DATABASE_STATEMENT_TIMEOUT_MS: '0' }))).toEqual([
      'DATABASE_STATEMENT_TIMEOUT_MS: must be a positive number of milliseconds',
    ]);
  });

  it('names every bad variable at once', () => {
    const errors = errorsOf(parseEnv({ REDIS_URL: 'http://x', PORT: 'eighty', RABBITMQ_URL: 'redis://x' }));
    expect(errors).toHaveLength(3);
    expect(errors.some((line) => line.startsWith('REDIS_URL:'))).toBe(true);
    expect(errors.some((line) => line.startsWith('PORT:'))).toBe(true);
    expect(errors).toContain('RABBITMQ_URL: must be a amqp:// URL');
  });

  it('refuses production without JWT_SECRET and says so', () => {
    const { JWT_SECRET: _omitted, ...withoutJwt } = PRODUCTION_SECRETS;
    expect(errorsOf(parseEnv(withoutJwt))).toEqual(['JWT_SECRET: is required when NODE_ENV=production']);
  });

  it('requires AMI_SECRET in production only when a real AMI_HOST is configured', () => {
    expect(parseEnv(PRODUCTION_SECRETS).ok).toBe(true);
    expect(errorsOf(parseEnv({ ...PRODUCTION_SECRETS, AMI_HOST: 'pbx.local' }))).toEqual([
      'AMI_SECRET: is required when NODE_ENV=production',
    ]);
  });

  it('fills development defaults and warns once per defaulted secret', () => {
    const { env, warnings } = envOf(parseEnv({}));
    expect(env).toMatchObject({
      nodeEnv: 'development',
      port: 3000,
      databaseUrl: 'postgres://postgres@127.0.0.1:5432/callcenter',
      databaseStatementTimeoutMs: 15_000,
      redisUrl: 'redis://127.0.0.1:6379',
      redisKeyPrefix: '',
      rabbitmqUrl: null,
      amiHost: null,
      amiPort: 5038,
      jwtExpiresIn: '8h',
      jwtExpiresInSeconds: 8 * 3600,
      adminUsername: 'admin',
    });
    expect(env.jwtSecret.length).toBeGreaterThanOrEqual(16);
    expect(warnings.map((line) => line.split(':')[0])).toEqual([
      'DATABASE_URL',
      'JWT_SECRET',
      'WEBHOOK_TOKEN',
      'ADMIN_PASSWORD',
    ]);
  });

  it('treats empty values from .env files as unset', () => {
    const { env } = envOf(parseEnv({ RABBITMQ_URL: '', PORT: '' }));
    expect(env.rabbitmqUrl).toBeNull();
    expect(env.port).toBe(3000);
  });

  it('takes explicit values and splits CORS origins', () => {
    const { env, warnings } = envOf(
      parseEnv({
        ...PRODUCTION_SECRETS,
        PORT: '8080',
        AMI_HOST: 'pbx.local',
        AMI_SECRET: 's3cret',
        RABBITMQ_URL: 'amqp://guest:guest@127.0.0.1:5672',
        CORS_ORIGIN: 'https://a.example, https://b.example',
        JWT_EXPIRES_IN: '15m',
      }),
    );
    expect(warnings).toEqual([]);
    expect(env).toMatchObject({
      port: 8080,
      amiHost: 'pbx.local',
      amiSecret: 's3cret',
      rabbitmqUrl: 'amqp://guest:guest@127.0.0.1:5672',
      corsOrigins: ['https://a.example', 'https://b.example'],
      jwtExpiresInSeconds: 900,
      logLevel: 'info',
    });
  });

  it('keeps CORS off in production unless configured', () => {
    expect(envOf(parseEnv(PRODUCTION_SECRETS)).env.corsOrigins).toBeNull();
    expect(envOf(parseEnv({ ...PRODUCTION_SECRETS, CORS_ORIGIN: '*' })).env.corsOrigins).toBe('*');
  });
});

describe('parseEnv live-status timings', () => {
  it('rejects a lease renewal period that is not shorter than the lease', () => {
    expect(
      errorsOf(parseEnv({ LIVE_STATUS_LEASE_TTL_MS: '5000', LIVE_STATUS_LEASE_RENEW_MS: '5000' })),
    ).toEqual([
      'LIVE_STATUS_LEASE_RENEW_MS: must be shorter than LIVE_STATUS_LEASE_TTL_MS, or the lease lapses between renewals',
    ]);
  });

  it('defaults the instance id to something unique per process', () => {
    expect(envOf(parseEnv({})).env.instanceId).toContain(String(process.pid));
    expect(envOf(parseEnv({ INSTANCE_ID: 'node-a' })).env.instanceId).toBe('node-a');
  });
});

describe('durationToSeconds', () => {
  it('reads plain seconds and s/m/h/d suffixes', () => {
    expect(durationToSeconds('90')).toBe(90);
    expect(durationToSeconds('30s')).toBe(30);
    expect(durationToSeconds('15m')).toBe(900);
    expect(durationToSeconds('8h')).toBe(28800);
    expect(durationToSeconds('1d')).toBe(86400);
  });
});
