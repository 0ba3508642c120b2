import type {
  AuthenticatedUser,
  ClientToServerEvents,
  RealtimeRoom,
  ServerEventName,
  ServerEventPayload,
  ServerToClientEvents,
} from '@cc/contracts';
import { Injectable } from '@nestjs/common';
import type { Server, Socket } from 'socket.io';

/** What the gateway keeps on each socket; socket.io persists it across a recovered reconnection. */
export interface RealtimeSocketData {
  user?: AuthenticatedUser;
  /** Epoch ms at which the socket's token expires. */
  expiresAt?: number;
}

/** Events instances send each other through the adapter (`serverSideEmit`). */
export interface InterServerEvents {
  'realtime:query': (message: ClusterQueryMessage) => void;
  'realtime:reply': (message: ClusterReplyMessage) => void;
}

export interface ClusterQueryMessage {
  id: string;
  topic: string;
  from: string;
  payload: unknown;
}

export interface ClusterReplyMessage {
  id: string;
  from: string;
  to: string;
  answer: unknown;
}

export type RealtimeIo = Server<
  ClientToServerEvents,
  ServerToClientEvents,
  InterServerEvents,
  RealtimeSocketData
>;
export type RealtimeServerSocket = Socket<
  ClientToServerEvents,
  ServerToClientEvents,
  InterServerEvents,
  RealtimeSocketData
>;

/**
 * The Socket.IO server once the gateway is up, for the services that broadcast. A broadcast reaches
 * the matching sockets on every instance (the Redis streams adapter carries it).
 */
@Injectable()
export class RealtimeServer {
  private server: RealtimeIo | null = null;
  private readonly emitted = new Map<ServerEventName, number>();
  private readonly attachedListeners: Array<(io: RealtimeIo) => void> = [];

  attach(server: RealtimeIo): void {
    this.server = server;
    for (const listener of this.attachedListeners.splice(0)) listener(server);
  }

  /** Runs `listener` once the server exists (now, if it already does). */
  whenAttached(listener: (io: RealtimeIo) => void): void {
    if (this.server) listener(this.server);
    else this.attachedListeners.push(listener);
  }

  get io(): RealtimeIo | null {
    return this.server;
  }

  /** Emits to every socket in any of `rooms`, on all instances; false before the gateway is up. */
  emit<K extends ServerEventName>(
    rooms: readonly RealtimeRoom[],
    event: K,
    payload: ServerEventPayload<K>,
  ): boolean {
    if (!this.server || rooms.length === 0) return false;
    this.emitted.set(event, (this.emitted.get(event) ?? 0) + 1);
    // socket.io's typed emit cannot narrow a generic event name; the signature above keeps callers typed.
    const emitter = this.server.to([...rooms]) as unknown as {
      emit(name: string, data: ServerEventPayload<K>): boolean;
    };
    return emitter.emit(event, payload);
  }

  /** Broadcasts per event name since start (for /metrics). */
  emittedCounts(): ReadonlyMap<ServerEventName, number> {
    return this.emitted;
  }
}
