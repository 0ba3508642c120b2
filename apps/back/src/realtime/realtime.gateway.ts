import {
  isLiveRoom,
  type Ack,
  type AuthenticatedUser,
  type AuthenticateAck,
  type DisconnectCode,
  type JoinRoomAck,
  type LeaveRoomAck,
  type RealtimeError,
  type RealtimeErrorCode,
  type ResyncAck,
  type ServerEventPayload,
} from '@cc/contracts';
import { Inject, Logger } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  type OnGatewayConnection,
  type OnGatewayDisconnect,
  type OnGatewayInit,
  SubscribeMessage,
  WebSocketGateway,
} from '@nestjs/websockets';
import { realtimeConfig, type RealtimeConfig } from '../config/realtime.config';
import { LiveStatusQueryService } from '../live-status/live-status-query.service';
import { decideJoin, defaultRoomsOf, interfaceBelongsTo, parseRoom } from './domain/room-access';
import { SocketRateLimiter } from './domain/socket-rate-limiter';
import { LiveFanoutService } from './live-fanout.service';
import { PresenceService } from './presence.service';
import { RealtimeMetrics } from './realtime.metrics';
import { RealtimeServer, type RealtimeIo, type RealtimeServerSocket } from './realtime.server';
import { SocketAuthService } from './socket-auth.service';

const FLOOD_WINDOW_MS = 10_000;
// setTimeout takes at most 2^31-1 ms; a token living longer is re-armed when that fires.
const MAX_TIMER_MS = 2 ** 31 - 1;

const refusal = (code: RealtimeErrorCode, message: string): { ok: false; error: RealtimeError } => ({
  ok: false,
  error: { code, message },
});

interface SocketTimers {
  auth?: NodeJS.Timeout;
  expiry?: NodeJS.Timeout;
  limiter: SocketRateLimiter;
}

/**
 * The Socket.IO edge: authentication (handshake `auth.token`, or an `authenticate` event within
 * REALTIME_AUTH_TIMEOUT_MS), rooms with per-role rules, live-room snapshots, per-socket rate limits.
 */
@WebSocketGateway()
export class RealtimeGateway implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect {
  private readonly logger = new Logger(RealtimeGateway.name);
  private readonly timers = new Map<string, SocketTimers>();

  constructor(
    private readonly server: RealtimeServer,
    private readonly auth: SocketAuthService,
    private readonly fanout: LiveFanoutService,
    private readonly presence: PresenceService,
    private readonly liveState: LiveStatusQueryService,
    private readonly metrics: RealtimeMetrics,
    @Inject(realtimeConfig.KEY) private readonly config: RealtimeConfig,
  ) {}

  afterInit(io: RealtimeIo): void {
    // A token in the handshake is checked before the connection is accepted: a bad one gets a
    // connect_error naming the reason. Without one the socket may still send `authenticate`.
    io.use((socket, next) => {
      const token: unknown = socket.handshake.auth['token'];
      if (token === undefined || token === null || token === '') return next();
      void this.auth.verify(token).then((result) => {
        if (result.ok) {
          socket.data.user = result.user;
          socket.data.expiresAt = result.expiresAt ?? undefined;
          return next();
        }
        this.metrics.authFailures.inc({ reason: result.code });
        const error = new Error(result.code) as Error & { data: RealtimeError };
        error.data = { code: result.code, message: result.message };
        next(error);
      });
    });
    this.server.attach(io);
  }

  handleConnection(socket: RealtimeServerSocket): void {
    const limiter = new SocketRateLimiter(
      {
        perSecond: this.config.rateLimitPerSec,
        burst: this.config.rateLimitBurst,
        floodRefusals: this.config.floodDisconnectAfter,
        floodWindowMs: FLOOD_WINDOW_MS,
      },
      Date.now(),
    );
    const timers: SocketTimers = { limiter };
    this.timers.set(socket.id, timers);
    socket.use((packet, next) => this.guardPacket(socket, timers, packet, next));
    if (socket.data.user) {
      // Handshake token, or a session restored by connection-state recovery (socket.data kept).
      void this.onAuthenticated(socket, socket.data.user, socket.data.expiresAt ?? null, !socket.recovered);
      return;
    }
    timers.auth = setTimeout(
      () =>
        this.closeWith(socket, 'AUTH_TIMEOUT', `not authenticated within ${this.config.authTimeoutMs} ms`),
      this.config.authTimeoutMs,
    );
  }

  handleDisconnect(socket: RealtimeServerSocket): void {
    const timers = this.timers.get(socket.id);
    if (timers) {
      clearTimeout(timers.auth);
      clearTimeout(timers.expiry);
      this.timers.delete(socket.id);
    }
    void this.presence.socketClosed(socket.id);
  }

  @SubscribeMessage('authenticate')
  async authenticate(
    @ConnectedSocket() socket: RealtimeServerSocket,
    @MessageBody() body: unknown,
  ): Promise<AuthenticateAck> {
    if (socket.data.user) return refusal('ALREADY_AUTHENTICATED', 'this socket is already authenticated');
    const result = await this.auth.verify(isObject(body) ? body['token'] : undefined);
    if (!result.ok) {
      this.metrics.authFailures.inc({ reason: result.code });
      // Answer first, then close: the client learns why.
      setTimeout(() => this.closeWith(socket, 'INVALID_TOKEN', result.message), 0);
      return refusal(result.code, result.message);
    }
    await this.onAuthenticated(socket, result.user, result.expiresAt, true);
    return { ok: true, userId: result.user.id, role: result.user.role, socketId: socket.id };
  }

  @SubscribeMessage('join-room')
  async joinRoom(
    @ConnectedSocket() socket: RealtimeServerSocket,
    @MessageBody() body: unknown,
  ): Promise<JoinRoomAck> {
    const user = socket.data.user;
    if (!user) return refusal('UNAUTHENTICATED', 'authenticate first');
    const room = parseRoom(isObject(body) ? body['room'] : undefined);
    if (!room)
      return refusal('UNKNOWN_ROOM', 'room must be one of the documented rooms, e.g. live or queue:sales');
    const queues = user.role === 'operator' && room.kind === 'queue' ? await this.queuesOf(user) : [];
    const decision = decideJoin(user, room, queues);
    if (!decision.allowed) return refusal(decision.code, decision.message);
    // Join before taking the snapshot: every message after the snapshot's seq then reaches us.
    await socket.join(room.room);
    if (!isLiveRoom(room.room)) return { ok: true, room: room.room };
    const snapshot = await this.fanout.snapshot(room.room);
    if (!snapshot) {
      return refusal('LIVE_STATE_UNAVAILABLE', 'no instance publishes the live state yet; retry shortly');
    }
    return { ok: true, room: room.room, snapshot };
  }

  @SubscribeMessage('leave-room')
  async leaveRoom(
    @ConnectedSocket() socket: RealtimeServerSocket,
    @MessageBody() body: unknown,
  ): Promise<LeaveRoomAck> {
    if (!socket.data.user) return refusal('UNAUTHENTICATED', 'authenticate first');
    const room = parseRoom(isObject(body) ? body['room'] : undefined);
    if (!room) return refusal('UNKNOWN_ROOM', 'room must be one of the documented rooms');
    if (!socket.rooms.has(room.room)) return refusal('NOT_IN_ROOM', `not in ${room.room}`);
    await socket.leave(room.room);
    return { ok: true, room: room.room };
  }

  @SubscribeMessage('resync')
  async resync(
    @ConnectedSocket() socket: RealtimeServerSocket,
    @MessageBody() body: unknown,
  ): Promise<ResyncAck> {
    if (!socket.data.user) return refusal('UNAUTHENTICATED', 'authenticate first');
    const room = parseRoom(isObject(body) ? body['room'] : undefined);
    if (!room || !isLiveRoom(room.room)) return refusal('UNKNOWN_ROOM', 'resync takes live or queue:{name}');
    if (!socket.rooms.has(room.room)) return refusal('NOT_IN_ROOM', `join ${room.room} first`);
    this.metrics.resyncs.inc();
    const snapshot = await this.fanout.snapshot(room.room);
    if (!snapshot) return refusal('LIVE_STATE_UNAVAILABLE', 'no instance publishes the live state yet');
    return { ok: true, snapshot };
  }

  private async onAuthenticated(
    socket: RealtimeServerSocket,
    user: AuthenticatedUser,
    expiresAt: number | null,
    joinDefaults: boolean,
  ): Promise<void> {
    const timers = this.timers.get(socket.id);
    if (!timers) return;
    clearTimeout(timers.auth);
    socket.data.user = user;
    socket.data.expiresAt = expiresAt ?? undefined;
    if (expiresAt !== null) this.armExpiry(socket, timers, expiresAt);
    if (joinDefaults) await socket.join(defaultRoomsOf(user));
    if (!socket.connected) return;
    this.logger.debug(`[${socket.id}] authenticated as ${user.username} (${user.role})`);
    sendNow(socket, 'connected', { userId: user.id, role: user.role, socketId: socket.id });
    await this.presence.socketAuthenticated(socket.id, user);
  }

  private armExpiry(socket: RealtimeServerSocket, timers: SocketTimers, expiresAt: number): void {
    const left = expiresAt - Date.now();
    if (left <= 0) return this.closeWith(socket, 'TOKEN_EXPIRED', 'token expired');
    timers.expiry = setTimeout(() => this.armExpiry(socket, timers, expiresAt), Math.min(left, MAX_TIMER_MS));
  }

  /** Every client event passes here first: authentication required, then the rate limit. */
  private guardPacket(
    socket: RealtimeServerSocket,
    timers: SocketTimers,
    packet: unknown[],
    next: (error?: Error) => void,
  ): void {
    // Packets that were already in flight when the socket was closed.
    if (!socket.connected) return;
    const [event] = packet;
    const ack = packet.at(-1);
    const answer = (reply: Ack<object>) => {
      if (typeof ack === 'function') (ack as (reply: Ack<object>) => void)(reply);
    };
    const verdict = timers.limiter.take(Date.now());
    if (verdict !== 'allow') {
      this.metrics.rateLimited.inc();
      answer(refusal('RATE_LIMITED', `more than ${this.config.rateLimitPerSec} events per second`));
      if (verdict === 'disconnect') this.closeWith(socket, 'FLOODING', 'too many refused events');
      return;
    }
    if (!socket.data.user && event !== 'authenticate') {
      answer(refusal('UNAUTHENTICATED', 'authenticate first'));
      return;
    }
    next();
  }

  private closeWith(socket: RealtimeServerSocket, code: DisconnectCode, message: string): void {
    if (!socket.connected) return;
    this.logger.debug(`[${socket.id}] disconnecting: ${code} ${message}`);
    this.metrics.disconnects.inc({ reason: code });
    sendNow(socket, 'disconnect-reason', { code, message });
    // A namespace disconnect packet follows the reason in order; the client sees 'io server disconnect'.
    socket.disconnect();
  }

  private async queuesOf(user: AuthenticatedUser): Promise<string[]> {
    if (!user.extension) return [];
    const extension = user.extension;
    const { items } = await this.liveState.getOperatorsSnapshot();
    return items
      .filter((member) => interfaceBelongsTo(member.interface, extension))
      .map((member) => member.queue);
  }
}

/**
 * With connection-state recovery on, `socket.emit` first appends the packet to the Redis stream and
 * only then writes it: a disconnect right after would overtake it, and Redis being down delays it by
 * the command timeout. Session messages (`connected`, `disconnect-reason`) need no replay, so they go
 * straight to the socket.
 */
function sendNow<K extends 'connected' | 'disconnect-reason'>(
  socket: RealtimeServerSocket,
  event: K,
  payload: ServerEventPayload<K>,
): void {
  const operator = socket.nsp.local.to(socket.id) as unknown as {
    emit(name: K, data: ServerEventPayload<K>): boolean;
  };
  operator.emit(event, payload);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
