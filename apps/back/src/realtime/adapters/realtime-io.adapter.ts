import { REALTIME_SOCKET_PATH } from '@cc/contracts';
import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import type { IncomingMessage } from 'node:http';
import type Redis from 'ioredis';
import type { Server, ServerOptions } from 'socket.io';
import { realtimeConfig, type RealtimeConfig } from '../../config/realtime.config';
import { REDIS_CLIENT } from '../../redis/redis.tokens';
import { realtimeRedisKeys } from './realtime.redis-keys';

// Connection-state recovery keeps a lost socket's session (rooms, data, missed packets) this long.
const RECOVERY_WINDOW_MS = 2 * 60_000;
// Below the shared client's 1 s command timeout, so the adapter's blocking XREAD never trips it.
const STREAM_BLOCK_MS = 800;

/** True when a browser's Origin may open a socket: same host, or listed in CORS_ORIGIN. */
export function originAllowed(request: IncomingMessage, corsOrigins: RealtimeConfig['corsOrigins']): boolean {
  const origin = request.headers.origin;
  // Non-browser clients (services, tests, the benchmark) send no Origin.
  if (origin === undefined || corsOrigins === '*') return true;
  try {
    if (new URL(origin).host === request.headers.host) return true;
  } catch {
    return false;
  }
  return corsOrigins !== null && corsOrigins.includes(origin);
}

/**
 * Socket.IO on the REST API's HTTP server, with our limits and the Redis streams adapter on the
 * shared ioredis connection (the adapter duplicates it for its blocking reads and subscriptions).
 */
export class RealtimeIoAdapter extends IoAdapter {
  constructor(
    app: INestApplicationContext,
    private readonly config: RealtimeConfig,
    private readonly redis: Redis,
  ) {
    super(app);
  }

  static for(app: INestApplicationContext): RealtimeIoAdapter {
    return new RealtimeIoAdapter(
      app,
      app.get<RealtimeConfig>(realtimeConfig.KEY),
      app.get<Redis>(REDIS_CLIENT),
    );
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const keys = realtimeRedisKeys(this.config.redisKeyPrefix);
    const { corsOrigins } = this.config;
    const serverOptions: Partial<ServerOptions> = {
      ...options,
      path: REALTIME_SOCKET_PATH,
      maxHttpBufferSize: this.config.maxMessageBytes,
      cors:
        corsOrigins === null
          ? undefined
          : { origin: corsOrigins === '*' ? true : corsOrigins, credentials: true },
      // CORS does not apply to WebSocket upgrades: refuse foreign origins for both transports here.
      allowRequest: (request, callback) => callback(null, originAllowed(request, corsOrigins)),
      connectionStateRecovery: { maxDisconnectionDuration: RECOVERY_WINDOW_MS, skipMiddlewares: true },
      adapter: createAdapter(this.redis, {
        streamName: keys.adapterStream,
        channelPrefix: keys.adapterChannelPrefix,
        sessionKeyPrefix: keys.adapterSessionPrefix,
        blockTimeInMs: STREAM_BLOCK_MS,
      }),
    };
    return super.createIOServer(port, serverOptions) as Server;
  }
}
