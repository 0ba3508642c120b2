import { REALTIME_SOCKET_PATH } from '@cc/contracts';
import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import type { IncomingMessage } from 'node:http';
import type Redis from 'ioredis';
import type { Server, ServerOptions } from 'socket.io';
import { realtimeConfig, type RealtimeConfig } from '../config/realtime.config';
import { REDIS_CLIENT } from '../redis/redis.tokens';
import { realtimeRedisKeys } from './adapters/realtime.redis-keys';

// Connection-state recovery keeps a lost socket's session (rooms, data, missed packets) this long.
const RECOVERY_WINDOW_MS = 2 * 60_000;
// Short, so a closing app's reader returns (and disconnects) promptly.
const STREAM_BLOCK_MS = 800;

/**
 * The shared client as the adapter should see it. The adapter fires some commands and forgets them
 * (PUBLISH of ephemeral messages, SET of recovery sessions, SUBSCRIBE): while Redis is down those
 * promises reject with nobody listening, and an unhandled rejection can end the process. Every
 * promise is marked handled here (the adapter awaits and logs those it cares about). Its dedicated
 * connections (blocking XREAD, subscriptions) wait for Redis to come back instead of failing after
 * one retry, and have no command timeout, which a blocking read would trip.
 */
export function adapterRedisClient(shared: Redis, dedicated: Redis[]): Redis {
  return new Proxy(shared, {
    get(target, property) {
      if (property === 'duplicate') {
        return () => {
          const connection = target.duplicate({
            maxRetriesPerRequest: null,
            commandTimeout: undefined,
            connectionName: 'socket.io-adapter',
          });
          dedicated.push(connection);
          return adapterRedisClient(connection, dedicated);
        };
      }
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const result: unknown = (value as (...a: unknown[]) => unknown).apply(target, args);
        if (result instanceof Promise) result.catch(() => undefined);
        return result;
      };
    },
  });
}

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
  // The adapter only stops its reader after a read returns, which never happens while Redis is down.
  private readonly dedicatedConnections: Redis[] = [];

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
      adapter: createAdapter(adapterRedisClient(this.redis, this.dedicatedConnections), {
        streamName: keys.adapterStream,
        channelPrefix: keys.adapterChannelPrefix,
        sessionKeyPrefix: keys.adapterSessionPrefix,
        blockTimeInMs: STREAM_BLOCK_MS,
      }),
    };
    return super.createIOServer(port, serverOptions) as Server;
  }

  /** Called by Nest after the servers are closed, when the app shuts down. */
  override async dispose(): Promise<void> {
    for (const connection of this.dedicatedConnections.splice(0)) connection.disconnect();
  }
}
