import { hostname } from 'node:os';
import { z } from 'zod';
import { BUS_OVERFLOW_POLICIES, type BusOverflowPolicy } from '@cc/contracts';

export const NODE_ENVS = ['development', 'production', 'test'] as const;
export type NodeEnv = (typeof NODE_ENVS)[number];

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Raw process environment: what `process.env` looks like. */
export type RawEnv = Record<string, string | undefined>;

// Only used outside production; each use is announced by a start-up warning.
export const DEVELOPMENT_DEFAULTS = {
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/callcenter',
  JWT_SECRET: 'dev-only-jwt-secret-change-me',
  WEBHOOK_TOKEN: 'dev-only-webhook-token',
  ADMIN_PASSWORD: 'admin',
  AMI_SECRET: 'callcenter',
} as const;

const DEFAULT_CORS_ORIGIN_IN_DEVELOPMENT = 'http://localhost:4200';

const urlWithProtocols = (protocols: readonly string[], label: string) =>
  z.string().refine(
    (value) => {
      try {
        return protocols.includes(new URL(value).protocol);
      } catch {
        return false;
      }
    },
    { message: `must be a ${label} URL` },
  );

const port = (name: string) =>
  z.coerce
    .number({ invalid_type_error: `${name} must be a number` })
    .int('must be an integer')
    .min(0, 'must be between 0 and 65535')
    .max(65535, 'must be between 0 and 65535');

const positiveMs = (name: string) =>
  z.coerce
    .number({ invalid_type_error: `${name} must be a number of milliseconds` })
    .int('must be an integer number of milliseconds')
    .positive('must be a positive number of milliseconds');

// Durations as accepted by jsonwebtoken: plain seconds or a number with s/m/h/d.
const DURATION_PATTERN = /^(\d+)([smhd]?)$/;

const envObjectSchema = z.object({
  NODE_ENV: z.enum(NODE_ENVS, { message: `must be one of ${NODE_ENVS.join(', ')}` }).default('development'),
  PORT: port('PORT').default(3000),
  LOG_LEVEL: z.enum(LOG_LEVELS, { message: `must be one of ${LOG_LEVELS.join(', ')}` }).optional(),
  DATABASE_URL: urlWithProtocols(['postgres:', 'postgresql:'], 'postgres://').optional(),
  DATABASE_STATEMENT_TIMEOUT_MS: positiveMs('DATABASE_STATEMENT_TIMEOUT_MS').default(15_000),
  REDIS_URL: urlWithProtocols(['redis:', 'rediss:'], 'redis://').default('redis://127.0.0.1:6379'),
  REDIS_KEY_PREFIX: z.string().default(''),
  RABBITMQ_URL: urlWithProtocols(['amqp:', 'amqps:'], 'amqp://').optional(),
  AMI_HOST: z.string().optional(),
  AMI_PORT: port('AMI_PORT').default(5038),
  AMI_USER: z.string().default('callcenter'),
  AMI_SECRET: z.string().optional(),
  AMI_RECORD_DIR: z.string().optional(),
  PBX_SIM_SIP_WS_PORT: port('PBX_SIM_SIP_WS_PORT').default(8088),
  INSTANCE_ID: z
    .string()
    .regex(/^[A-Za-z0-9._:-]{1,64}$/, 'must be 1-64 letters, digits, . _ : -')
    .optional(),
  LIVE_STATUS_LEASE_TTL_MS: positiveMs('LIVE_STATUS_LEASE_TTL_MS').default(3_000),
  LIVE_STATUS_LEASE_RENEW_MS: positiveMs('LIVE_STATUS_LEASE_RENEW_MS').default(1_000),
  LIVE_STATUS_RECONCILE_MS: positiveMs('LIVE_STATUS_RECONCILE_MS').default(60_000),
  LIVE_STATUS_TTL_SECONDS: z.coerce
    .number()
    .int('must be a whole number of seconds')
    .positive('must be positive')
    .default(3600),
  AMI_LIST_TIMEOUT_MS: positiveMs('AMI_LIST_TIMEOUT_MS').default(15_000),
  AMI_ACTION_TIMEOUT_MS: positiveMs('AMI_ACTION_TIMEOUT_MS').default(5_000),
  JWT_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  JWT_EXPIRES_IN: z
    .string()
    .regex(DURATION_PATTERN, 'must be seconds or a duration like 15m, 8h, 1d')
    .default('8h'),
  WEBHOOK_TOKEN: z.string().min(8, 'must be at least 8 characters').optional(),
  CORS_ORIGIN: z.string().optional(),
  ADMIN_USERNAME: z.string().min(1).default('admin'),
  ADMIN_PASSWORD: z.string().optional(),
  SOFTPHONE_DIST_DIR: z.string().default('dist/apps/softphone/browser'),
  HTTP_BODY_LIMIT_BYTES: z.coerce
    .number({ invalid_type_error: 'HTTP_BODY_LIMIT_BYTES must be a number of bytes' })
    .int('must be a whole number of bytes')
    .positive('must be a positive number of bytes')
    .default(1_048_576),
  SIP_WS_URL: urlWithProtocols(['ws:', 'wss:'], 'ws:// or wss://').optional(),
  SIP_DOMAIN: z.string().optional(),
  SIP_PASSWORD_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  SIP_ICE_SERVERS: z.string().optional(),
  SIP_REGISTER_EXPIRES_SEC: z.coerce
    .number()
    .int('must be a whole number of seconds')
    .min(60)
    .max(3600)
    .default(300),
  AGENT_STATUS_RECONCILE_MS: positiveMs('AGENT_STATUS_RECONCILE_MS').default(30_000),
  AGENT_WRAPUP_DEFAULT_SECONDS: z.coerce
    .number()
    .int('must be a whole number of seconds')
    .min(0, 'must be 0 or more')
    .default(10),
  AGENT_WRAPUP_POLL_MS: positiveMs('AGENT_WRAPUP_POLL_MS').default(500),
  ENDPOINT_DEBOUNCE_MS: z.coerce
    .number()
    .int('must be an integer number of milliseconds')
    .min(0, 'must be 0 or more')
    .default(10_000),
  ENDPOINT_SYNC_CRON: z
    .string()
    .regex(/^(\S+\s+){4,5}\S+$/, 'must be a cron expression of 5 or 6 fields')
    .default('*/5 * * * *'),
  REALTIME_COALESCE_MS: positiveMs('REALTIME_COALESCE_MS').default(100),
  REALTIME_FLUSH_MS: positiveMs('REALTIME_FLUSH_MS').default(50),
  REALTIME_AUTH_TIMEOUT_MS: positiveMs('REALTIME_AUTH_TIMEOUT_MS').default(5_000),
  REALTIME_MAX_MESSAGE_BYTES: z.coerce
    .number()
    .int()
    .min(1024, 'must be at least 1024 bytes')
    .default(65_536),
  REALTIME_RATE_LIMIT_PER_SEC: z.coerce.number().int().positive('must be positive').default(20),
  REALTIME_RATE_LIMIT_BURST: z.coerce.number().int().positive('must be positive').default(40),
  REALTIME_FLOOD_DISCONNECT_AFTER: z.coerce.number().int().positive('must be positive').default(50),
  REALTIME_CLUSTER_TIMEOUT_MS: positiveMs('REALTIME_CLUSTER_TIMEOUT_MS').default(2_000),
  RABBITMQ_NAME_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9._-]*$/, 'must be letters, digits, . _ -')
    .default(''),
  RABBITMQ_PREFETCH: z.coerce
    .number()
    .int('must be an integer')
    .min(1, 'must be at least 1')
    .max(1000)
    .default(20),
  RABBITMQ_PUBLISH_BUFFER: z.coerce
    .number()
    .int('must be an integer')
    .min(1, 'must be at least 1')
    .default(10_000),
  RABBITMQ_BUFFER_OVERFLOW: z
    .enum(BUS_OVERFLOW_POLICIES, { message: `must be one of ${BUS_OVERFLOW_POLICIES.join(', ')}` })
    .default('reject-new'),
  RABBITMQ_RETRY_DELAYS_MS: z
    .string()
    .regex(/^\d+(,\d+)*$/, 'must be comma-separated milliseconds, e.g. 1000,5000,30000')
    .default('1000,5000,30000')
    .transform((value) => value.split(',').map(Number))
    .refine((delays) => delays.every((delay, i) => delay > 0 && (i === 0 || delay > delays[i - 1])), {
      message: 'must be positive and growing, e.g. 1000,5000,30000',
    }),
  SYSTEM_ALERT_AFTER_MS: positiveMs('SYSTEM_ALERT_AFTER_MS').default(30_000),
  DIALER_OUTBOUND_CONTEXT: z.string().min(1).default('from-internal'),
  DIALER_AGENT_RING_SECONDS: z.coerce.number().int('must be whole seconds').min(5).max(120).default(15),
  DIALER_MAX_WAIT_MS: positiveMs('DIALER_MAX_WAIT_MS').default(60_000),
  DIALER_TICK_MS: positiveMs('DIALER_TICK_MS').default(1_000),
});

type ParsedEnvObject = z.infer<typeof envObjectSchema>;

/** The validated environment, every secret resolved. Only the config slices read it. */
export interface AppEnv {
  nodeEnv: NodeEnv;
  port: number;
  logLevel: LogLevel;
  databaseUrl: string;
  databaseStatementTimeoutMs: number;
  redisUrl: string;
  redisKeyPrefix: string;
  rabbitmqUrl: string | null;
  amiHost: string | null;
  amiPort: number;
  amiUser: string;
  amiSecret: string;
  amiRecordDir: string | null;
  pbxSimSipWsPort: number;
  instanceId: string;
  liveStatusLeaseTtlMs: number;
  liveStatusLeaseRenewMs: number;
  liveStatusReconcileMs: number;
  liveStatusTtlSeconds: number;
  amiListTimeoutMs: number;
  amiActionTimeoutMs: number;
  jwtSecret: string;
  jwtExpiresIn: string;
  jwtExpiresInSeconds: number;
  webhookToken: string;
  corsOrigins: string[] | '*' | null;
  adminUsername: string;
  adminPassword: string;
  softphoneDistDir: string;
  httpBodyLimitBytes: number;
  sipWsUrl: string | null;
  sipDomain: string | null;
  sipPasswordSecret: string | null;
  sipIceServers: string[];
  sipRegisterExpiresSec: number;
  agentStatusReconcileMs: number;
  agentWrapUpDefaultSeconds: number;
  agentWrapUpPollMs: number;
  endpointDebounceMs: number;
  endpointSyncCron: string;
  realtimeCoalesceMs: number;
  realtimeFlushMs: number;
  realtimeAuthTimeoutMs: number;
  realtimeMaxMessageBytes: number;
  realtimeRateLimitPerSec: number;
  realtimeRateLimitBurst: number;
  realtimeFloodDisconnectAfter: number;
  realtimeClusterTimeoutMs: number;
  rabbitmqNamePrefix: string;
  rabbitmqPrefetch: number;
  rabbitmqPublishBuffer: number;
  rabbitmqBufferOverflow: BusOverflowPolicy;
  rabbitmqRetryDelaysMs: number[];
  systemAlertAfterMs: number;
  dialerOutboundContext: string;
  dialerAgentRingSeconds: number;
  dialerMaxWaitMs: number;
  dialerTickMs: number;
}

export type EnvParseResult = { ok: true; env: AppEnv; warnings: string[] } | { ok: false; errors: string[] };

type SecretName = keyof typeof DEVELOPMENT_DEFAULTS;

const DURATION_UNIT_SECONDS: Record<string, number> = { '': 1, s: 1, m: 60, h: 3600, d: 86400 };

export function durationToSeconds(duration: string): number {
  const match = DURATION_PATTERN.exec(duration);
  if (!match) {
    throw new Error(`Not a duration: ${duration}`);
  }
  return Number(match[1]) * DURATION_UNIT_SECONDS[match[2]];
}

function parseCorsOrigins(value: string | undefined, nodeEnv: NodeEnv): AppEnv['corsOrigins'] {
  if (value === undefined) {
    return nodeEnv === 'production' ? null : [DEFAULT_CORS_ORIGIN_IN_DEVELOPMENT];
  }
  if (value.trim() === '*') {
    return '*';
  }
  return value
    .split(',')
    .map((origin) => origin.trim())
    .filter((origin) => origin.length > 0);
}

// `.env` files often carry `KEY=` lines: an empty value means "not set", so defaults still apply.
function withoutEmptyValues(raw: RawEnv): RawEnv {
  return Object.fromEntries(Object.entries(raw).filter(([, value]) => value !== undefined && value !== ''));
}

function requiredSecrets(parsed: ParsedEnvObject): SecretName[] {
  const names: SecretName[] = ['DATABASE_URL', 'JWT_SECRET', 'WEBHOOK_TOKEN', 'ADMIN_PASSWORD'];
  if (parsed.AMI_HOST !== undefined) {
    names.push('AMI_SECRET');
  }
  return names;
}

/**
 * Validates the environment once, before anything connects. Pure: no IO, no process.env.
 * Errors and warnings are lines like `REDIS_URL: must be a redis:// URL`.
 */
export function parseEnv(raw: RawEnv): EnvParseResult {
  const result = envObjectSchema.safeParse(withoutEmptyValues(raw));
  if (!result.success) {
    return {
      ok: false,
      errors: result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`),
    };
  }
  const parsed = result.data;
  const production = parsed.NODE_ENV === 'production';

  const errors: string[] = [];
  const warnings: string[] = [];
  const resolved: Record<SecretName, string> = { ...DEVELOPMENT_DEFAULTS };
  for (const name of requiredSecrets(parsed)) {
    const value = parsed[name];
    if (value !== undefined) {
      resolved[name] = value;
    } else if (production) {
      errors.push(`${name}: is required when NODE_ENV=production`);
    } else {
      warnings.push(
        `${name}: not set, using an insecure development default; set it before going to production`,
      );
    }
  }
  // Without AMI_HOST the embedded simulator is used and its secret is ours to choose.
  if (parsed.AMI_HOST === undefined && parsed.AMI_SECRET !== undefined) {
    resolved.AMI_SECRET = parsed.AMI_SECRET;
  }
  if (parsed.LIVE_STATUS_LEASE_RENEW_MS >= parsed.LIVE_STATUS_LEASE_TTL_MS) {
    errors.push(
      'LIVE_STATUS_LEASE_RENEW_MS: must be shorter than LIVE_STATUS_LEASE_TTL_MS, or the lease lapses between renewals',
    );
  }
  if (errors.length > 0) {
    return { ok: false, errors };
  }

  return {
    ok: true,
    warnings,
    env: {
      nodeEnv: parsed.NODE_ENV,
      port: parsed.PORT,
      logLevel: parsed.LOG_LEVEL ?? (parsed.NODE_ENV === 'development' ? 'debug' : 'info'),
      databaseUrl: resolved.DATABASE_URL,
      databaseStatementTimeoutMs: parsed.DATABASE_STATEMENT_TIMEOUT_MS,
      redisUrl: parsed.REDIS_URL,
      redisKeyPrefix: parsed.REDIS_KEY_PREFIX,
      rabbitmqUrl: parsed.RABBITMQ_URL ?? null,
      amiHost: parsed.AMI_HOST ?? null,
      amiPort: parsed.AMI_PORT,
      amiUser: parsed.AMI_USER,
      amiSecret: resolved.AMI_SECRET,
      amiRecordDir: parsed.AMI_RECORD_DIR ?? null,
      pbxSimSipWsPort: parsed.PBX_SIM_SIP_WS_PORT,
      instanceId: parsed.INSTANCE_ID ?? `${hostname()}-${process.pid}`,
      liveStatusLeaseTtlMs: parsed.LIVE_STATUS_LEASE_TTL_MS,
      liveStatusLeaseRenewMs: parsed.LIVE_STATUS_LEASE_RENEW_MS,
      liveStatusReconcileMs: parsed.LIVE_STATUS_RECONCILE_MS,
      liveStatusTtlSeconds: parsed.LIVE_STATUS_TTL_SECONDS,
      amiListTimeoutMs: parsed.AMI_LIST_TIMEOUT_MS,
      amiActionTimeoutMs: parsed.AMI_ACTION_TIMEOUT_MS,
      jwtSecret: resolved.JWT_SECRET,
      jwtExpiresIn: parsed.JWT_EXPIRES_IN,
      jwtExpiresInSeconds: durationToSeconds(parsed.JWT_EXPIRES_IN),
      webhookToken: resolved.WEBHOOK_TOKEN,
      corsOrigins: parseCorsOrigins(parsed.CORS_ORIGIN, parsed.NODE_ENV),
      adminUsername: parsed.ADMIN_USERNAME,
      adminPassword: resolved.ADMIN_PASSWORD,
      softphoneDistDir: parsed.SOFTPHONE_DIST_DIR,
      httpBodyLimitBytes: parsed.HTTP_BODY_LIMIT_BYTES,
      sipWsUrl: parsed.SIP_WS_URL ?? null,
      sipDomain: parsed.SIP_DOMAIN ?? null,
      sipPasswordSecret: parsed.SIP_PASSWORD_SECRET ?? null,
      sipIceServers: (parsed.SIP_ICE_SERVERS ?? '')
        .split(',')
        .map((url) => url.trim())
        .filter((url) => url.length > 0),
      sipRegisterExpiresSec: parsed.SIP_REGISTER_EXPIRES_SEC,
      agentStatusReconcileMs: parsed.AGENT_STATUS_RECONCILE_MS,
      agentWrapUpDefaultSeconds: parsed.AGENT_WRAPUP_DEFAULT_SECONDS,
      agentWrapUpPollMs: parsed.AGENT_WRAPUP_POLL_MS,
      endpointDebounceMs: parsed.ENDPOINT_DEBOUNCE_MS,
      endpointSyncCron: parsed.ENDPOINT_SYNC_CRON,
      realtimeCoalesceMs: parsed.REALTIME_COALESCE_MS,
      realtimeFlushMs: parsed.REALTIME_FLUSH_MS,
      realtimeAuthTimeoutMs: parsed.REALTIME_AUTH_TIMEOUT_MS,
      realtimeMaxMessageBytes: parsed.REALTIME_MAX_MESSAGE_BYTES,
      realtimeRateLimitPerSec: parsed.REALTIME_RATE_LIMIT_PER_SEC,
      realtimeRateLimitBurst: parsed.REALTIME_RATE_LIMIT_BURST,
      realtimeFloodDisconnectAfter: parsed.REALTIME_FLOOD_DISCONNECT_AFTER,
      realtimeClusterTimeoutMs: parsed.REALTIME_CLUSTER_TIMEOUT_MS,
      rabbitmqNamePrefix: parsed.RABBITMQ_NAME_PREFIX,
      rabbitmqPrefetch: parsed.RABBITMQ_PREFETCH,
      rabbitmqPublishBuffer: parsed.RABBITMQ_PUBLISH_BUFFER,
      rabbitmqBufferOverflow: parsed.RABBITMQ_BUFFER_OVERFLOW,
      rabbitmqRetryDelaysMs: parsed.RABBITMQ_RETRY_DELAYS_MS,
      systemAlertAfterMs: parsed.SYSTEM_ALERT_AFTER_MS,
      dialerOutboundContext: parsed.DIALER_OUTBOUND_CONTEXT,
      dialerAgentRingSeconds: parsed.DIALER_AGENT_RING_SECONDS,
      dialerMaxWaitMs: parsed.DIALER_MAX_WAIT_MS,
      dialerTickMs: parsed.DIALER_TICK_MS,
    },
  };
}
