import { REALTIME_SOCKET_PATH, type ServerEventName, type ServerEventPayload } from '@cc/contracts';
import { RealtimeClient, type RealtimeSocket } from '@cc/realtime-client';
import { io } from 'socket.io-client';

/** Every socket a test opens, so afterEach/afterAll can close them all. */
const open = new Set<{ disconnect(): unknown }>();

export function closeAllSockets(): void {
  for (const socket of open) socket.disconnect();
  open.clear();
}

/** The typed client the browser app uses, over WebSocket only (as a browser behind a proxy would). */
export function realtimeClient(url: string, token: string | null): RealtimeClient {
  const client = new RealtimeClient({
    url,
    token: () => token,
    socketOptions: { transports: ['websocket'], reconnectionDelay: 200, reconnectionDelayMax: 500 },
    ackTimeoutMs: 5000,
  });
  open.add(client);
  return client;
}

/** A bare socket.io-client socket, for what the typed client would never send. */
export function rawSocket(url: string, auth: Record<string, unknown> = {}): RealtimeSocket {
  const socket: RealtimeSocket = io(url, {
    path: REALTIME_SOCKET_PATH,
    transports: ['websocket'],
    auth,
    reconnection: false,
    forceNew: true,
  });
  open.add(socket);
  return socket;
}

/** Resolves with the next `event` on the socket, or rejects after `timeoutMs`. */
export function nextEvent<K extends ServerEventName | 'connect_error' | 'disconnect'>(
  socket: RealtimeSocket,
  event: K,
  timeoutMs = 5000,
): Promise<K extends ServerEventName ? ServerEventPayload<K> : unknown> {
  return new Promise((resolve, reject) => {
    const name = event as 'connected';
    const timer = setTimeout(() => {
      socket.off(name, listener);
      reject(new Error(`no ${event} within ${timeoutMs} ms`));
    }, timeoutMs);
    const listener = (payload: unknown) => {
      clearTimeout(timer);
      resolve(payload as K extends ServerEventName ? ServerEventPayload<K> : unknown);
    };
    socket.once(name, listener);
  });
}

/** Records every payload of `events` a socket receives, in order. */
export function recordEvents(
  socket: RealtimeSocket,
  events: readonly ServerEventName[],
): { event: string; payload: unknown }[] {
  const seen: { event: string; payload: unknown }[] = [];
  for (const event of events) {
    socket.on(event as 'connected', (payload: unknown) => seen.push({ event, payload }));
  }
  return seen;
}
