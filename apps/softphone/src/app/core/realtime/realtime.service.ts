import { DestroyRef, inject, Injectable, signal } from '@angular/core';
import type { LiveRoom, ServerEventName, ServerToClientEvents } from '@cc/contracts';
import { type LiveRoomWatch, RealtimeClient } from '@cc/realtime-client';
import { AuthService } from '../auth/auth.service';

export type RealtimeConnection = 'connecting' | 'live' | 'reconnecting';

/**
 * The app's one Socket.IO connection to the gateway, through the typed client that handles snapshots,
 * sequences and resyncs (libs/realtime-client). Connected on first use, with the JWT in the handshake
 * (never in the URL); closed on sign-out.
 */
@Injectable({ providedIn: 'root' })
export class RealtimeService {
  private readonly auth = inject(AuthService);
  private client: RealtimeClient | null = null;
  private readonly connectionState = signal<RealtimeConnection>('connecting');

  readonly connection = this.connectionState.asReadonly();

  constructor() {
    inject(DestroyRef).onDestroy(() => this.close());
  }

  on<K extends ServerEventName>(event: K, handler: ServerToClientEvents[K]): () => void {
    return this.ensure().on(event, handler);
  }

  watchLive(room: LiveRoom, listener: Parameters<RealtimeClient['watchLive']>[1]): LiveRoomWatch {
    return this.ensure().watchLive(room, listener);
  }

  /** Test hook and sign-out: drops the socket (a later use opens a new one). */
  close(): void {
    this.client?.disconnect();
    this.client = null;
    this.connectionState.set('connecting');
  }

  private ensure(): RealtimeClient {
    if (this.client) return this.client;
    const client = new RealtimeClient({ token: () => this.auth.accessToken() });
    client.socket.on('connect', () => this.connectionState.set('live'));
    client.socket.on('disconnect', () => this.connectionState.set('reconnecting'));
    client.socket.io.on('reconnect_attempt', () => this.connectionState.set('reconnecting'));
    this.client = client;
    client.connect().catch(() => this.connectionState.set('reconnecting'));
    return client;
  }
}
