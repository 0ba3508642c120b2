import {
  REALTIME_SOCKET_PATH,
  type AuthenticateAck,
  type ClientToServerEvents,
  type JoinRoomAck,
  type LeaveRoomAck,
  type LiveBatchMessage,
  type LiveRoom,
  type LiveStreamPosition,
  type ResyncAck,
  type ServerEventName,
  type ServerToClientEvents,
} from '@cc/contracts';
import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import { LiveRoomState, type LiveRoomVerdict } from './live-room.state';

export type RealtimeSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface RealtimeClientOptions {
  /** Origin of the back end, e.g. `http://127.0.0.1:3000`; omit in the browser to use the page's. */
  url?: string;
  /** Read on every (re)connection, so a refreshed token is used after a reconnect. */
  token: () => string | null;
  /** Extra socket.io-client options (transports, reconnection delays...). */
  socketOptions?: Partial<ManagerOptions & SocketOptions>;
  /** Time allowed for an ack (join, leave, resync); default 10 s. */
  ackTimeoutMs?: number;
}

/** What a live-room watcher sees: the state and why it changed. */
export interface LiveRoomWatch {
  readonly state: LiveRoomState;
  /** Resolves once the first snapshot is loaded. */
  readonly ready: Promise<void>;
  /** Number of fresh snapshots fetched after the first (holes, epoch changes, lost sessions). */
  readonly resyncs: number;
  /** Leaves the room and stops updating the state. */
  close(): Promise<void>;
}

type LiveListener = (state: LiveRoomState) => void;

interface Watcher {
  state: LiveRoomState;
  listener: LiveListener;
  resyncs: number;
  loaded: boolean;
  fetching: boolean;
  resolveReady: () => void;
  rejectReady: (error: Error) => void;
}

const SNAPSHOT_RETRY_MS = 1000;

/** What fetchSnapshot does next: nothing, ask again shortly, or fetch again at once. */
type SnapshotOutcome = 'done' | 'retry' | 'refetch';

/** A refusal the server answered with an error ack. */
export class RealtimeAckError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(`${code}: ${message}`);
    this.name = 'RealtimeAckError';
  }
}

/**
 * socket.io-client typed with the gateway's event maps, with the live rooms' snapshot, sequence and
 * resync handled once for every caller (the browser app, tests, the benchmark).
 *
 * After a reconnect the server may have restored the session (`socket.recovered`: rooms kept, missed
 * packets replayed) or not; when not, every room is joined again and every live room refetched. Either
 * way a hole in a room's sequence, another epoch, or a position the server announces ahead of ours
 * triggers `resync` for that room alone.
 */
export class RealtimeClient {
  readonly socket: RealtimeSocket;
  private readonly ackTimeoutMs: number;
  private readonly rooms = new Set<string>();
  private readonly watchers = new Map<LiveRoom, Watcher>();

  constructor(options: RealtimeClientOptions) {
    this.ackTimeoutMs = options.ackTimeoutMs ?? 10_000;
    const socketOptions: Partial<ManagerOptions & SocketOptions> = {
      path: REALTIME_SOCKET_PATH,
      autoConnect: false,
      // One connection per client: io() would otherwise share one between clients of the same URL.
      forceNew: true,
      auth: (cb: (data: object) => void) => cb({ token: options.token() }),
      ...options.socketOptions,
    };
    this.socket = options.url === undefined ? io(socketOptions) : io(options.url, socketOptions);
    this.socket.on('live:batch', (batch) => this.onLiveBatch(batch));
    this.socket.on('live:reset', (position) => this.onPosition(position));
    this.socket.on('live:position', (position) => this.onPosition(position));
    // The server confirms authentication on every (re)connection; rooms are lost unless recovered.
    this.socket.on('connected', () => {
      if (!this.socket.recovered) void this.rejoinAll();
    });
  }

  /** Connects and resolves with the server's `connected` payload (or rejects with the refusal). */
  connect(): Promise<Parameters<ServerToClientEvents['connected']>[0]> {
    return new Promise((resolve, reject) => {
      const cleanUp = () => {
        this.socket.off('connected', onConnected);
        this.socket.off('connect_error', onError);
      };
      const onConnected = (payload: Parameters<ServerToClientEvents['connected']>[0]) => {
        cleanUp();
        resolve(payload);
      };
      const onError = (error: Error) => {
        // A refused handshake does not retry by itself; a network error does, so wait for it.
        if (this.socket.active) return;
        cleanUp();
        reject(error);
      };
      this.socket.on('connected', onConnected);
      this.socket.on('connect_error', onError);
      this.socket.connect();
    });
  }

  disconnect(): void {
    this.socket.disconnect();
  }

  /** Subscribes to a server event; returns the unsubscribe function. */
  on<K extends ServerEventName>(event: K, handler: ServerToClientEvents[K]): () => void {
    // socket.io-client's typed `on` cannot narrow a generic key; the signature above keeps callers typed.
    const name = event as 'connected';
    const listener = handler as ServerToClientEvents['connected'];
    this.socket.on(name, listener);
    return () => void this.socket.off(name, listener);
  }

  async authenticate(token: string): Promise<AuthenticateAck> {
    return this.socket.timeout(this.ackTimeoutMs).emitWithAck('authenticate', { token });
  }

  /** Joins a room; the room is joined again after a reconnect that lost the session. */
  async joinRoom(room: string): Promise<JoinRoomAck> {
    const answer = await this.socket.timeout(this.ackTimeoutMs).emitWithAck('join-room', { room });
    if (answer.ok) this.rooms.add(answer.room);
    return answer;
  }

  async leaveRoom(room: string): Promise<LeaveRoomAck> {
    this.rooms.delete(room);
    return this.socket.timeout(this.ackTimeoutMs).emitWithAck('leave-room', { room });
  }

  async resync(room: LiveRoom): Promise<ResyncAck> {
    return this.socket.timeout(this.ackTimeoutMs).emitWithAck('resync', { room });
  }

  /**
   * Joins a live room and keeps a gapless copy of its state; `listener` runs after every change.
   * Join failures reject `ready` with a RealtimeAckError.
   */
  watchLive(room: LiveRoom, listener: LiveListener = () => undefined): LiveRoomWatch {
    const existing = this.watchers.get(room);
    if (existing) throw new Error(`already watching ${room}`);
    let resolveReady: () => void = () => undefined;
    let rejectReady: (error: Error) => void = () => undefined;
    const ready = new Promise<void>((resolve, reject) => {
      resolveReady = resolve;
      rejectReady = reject;
    });
    const watcher: Watcher = {
      state: new LiveRoomState(room),
      listener,
      resyncs: 0,
      loaded: false,
      fetching: false,
      resolveReady,
      rejectReady,
    };
    this.watchers.set(room, watcher);
    void this.fetchSnapshot(watcher, 'join');
    return {
      state: watcher.state,
      ready,
      get resyncs() {
        return watcher.resyncs;
      },
      close: async () => {
        this.watchers.delete(room);
        if (this.socket.connected) await this.leaveRoom(room);
      },
    };
  }

  private onLiveBatch(batch: LiveBatchMessage): void {
    const watcher = this.watchers.get(batch.room);
    if (!watcher) return;
    this.handleVerdict(watcher, watcher.state.apply(batch));
  }

  private onPosition(position: LiveStreamPosition): void {
    const watcher = this.watchers.get(position.room);
    if (!watcher) return;
    this.handleVerdict(watcher, watcher.state.checkPosition(position));
  }

  private handleVerdict(watcher: Watcher, verdict: LiveRoomVerdict): void {
    if (verdict === 'applied') watcher.listener(watcher.state);
    else if (verdict === 'resync') void this.fetchSnapshot(watcher, 'resync');
  }

  private async rejoinAll(): Promise<void> {
    for (const room of this.rooms) {
      if (!this.watchers.has(room as LiveRoom)) void this.joinRoom(room).catch(() => undefined);
    }
    for (const watcher of this.watchers.values()) void this.fetchSnapshot(watcher, 'join');
  }

  private async fetchSnapshot(watcher: Watcher, how: 'join' | 'resync'): Promise<void> {
    if (watcher.fetching) return;
    watcher.fetching = true;
    watcher.state.markResyncing();
    let next: SnapshotOutcome;
    try {
      next = await this.loadSnapshot(watcher, how);
    } catch {
      // No answer in time: after a disconnect the next `connected` refetches, otherwise ask again.
      next = this.socket.connected ? 'retry' : 'done';
    } finally {
      watcher.fetching = false;
    }
    // Decided here, after `fetching` is cleared, so that no early return can skip it: a refusal
    // during a fail-over (no instance holds the mirror yet) must be asked again, or the room stays
    // stuck in 'resyncing', ignoring the new publisher's `live:reset`.
    if (next === 'refetch') void this.fetchSnapshot(watcher, 'resync');
    else if (next === 'retry') {
      setTimeout(() => {
        if (this.watchers.get(watcher.state.room) === watcher) void this.fetchSnapshot(watcher, how);
      }, SNAPSHOT_RETRY_MS);
    }
  }

  private async loadSnapshot(watcher: Watcher, how: 'join' | 'resync'): Promise<SnapshotOutcome> {
    const answer =
      how === 'join' ? await this.joinRoom(watcher.state.room) : await this.resync(watcher.state.room);
    if (this.watchers.get(watcher.state.room) !== watcher) return 'done';
    if (!answer.ok) {
      // No instance holds the live state yet (ingestion starting, fail-over): ask again shortly.
      if (answer.error.code === 'LIVE_STATE_UNAVAILABLE' || answer.error.code === 'RATE_LIMITED')
        return 'retry';
      watcher.rejectReady(new RealtimeAckError(answer.error.code, answer.error.message));
      return 'done';
    }
    if (!('snapshot' in answer) || answer.snapshot === undefined) {
      watcher.rejectReady(new Error(`${watcher.state.room} answered without a snapshot`));
      return 'done';
    }
    if (watcher.loaded) watcher.resyncs++;
    watcher.loaded = true;
    const verdict = watcher.state.loadSnapshot(answer.snapshot);
    watcher.listener(watcher.state);
    watcher.resolveReady();
    return verdict === 'resync' ? 'refetch' : 'done';
  }
}
