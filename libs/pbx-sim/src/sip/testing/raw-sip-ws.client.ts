import { WebSocket } from 'ws';
import { parseSipMessage, serializeSipMessage, SipMessage } from '../sip-message.codec';
import { waitUntil } from './recording-sip-listener';

/** A bare SIP-over-WebSocket peer for tests that need to misbehave (stay silent, send odd requests). */
export class RawSipWsClient {
  private readonly inbox: SipMessage[] = [];

  private constructor(
    private readonly socket: WebSocket,
    readonly localPort: number,
  ) {
    socket.on('message', (data) => this.inbox.push(parseSipMessage(data.toString())));
  }

  static connect(url: string, protocols: string[] = ['sip']): Promise<RawSipWsClient> {
    const socket = new WebSocket(url, protocols);
    let localPort = 0;
    socket.once('upgrade', (response) => (localPort = response.socket.localPort ?? 0));
    return new Promise((resolve, reject) => {
      socket.once('open', () => resolve(new RawSipWsClient(socket, localPort)));
      socket.once('error', reject);
    });
  }

  send(message: SipMessage | string): void {
    this.socket.send(typeof message === 'string' ? message : serializeSipMessage(message));
  }

  /** Takes the first received message matching `predicate` out of the inbox, waiting for it if needed. */
  next(
    predicate: (message: SipMessage) => boolean,
    timeoutMs = 2000,
    what = 'SIP message',
  ): Promise<SipMessage> {
    return waitUntil(
      () => {
        const index = this.inbox.findIndex(predicate);
        return index >= 0 ? this.inbox.splice(index, 1)[0] : undefined;
      },
      timeoutMs,
      what,
    );
  }

  close(): Promise<void> {
    if (this.socket.readyState === WebSocket.CLOSED) {
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      this.socket.once('close', () => resolve());
      this.socket.close();
    });
  }
}
