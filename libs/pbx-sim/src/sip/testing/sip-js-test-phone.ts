import type { Invitation, Registerer, UserAgent } from 'sip.js';
import {
  createFakeSessionDescriptionHandlerFactory,
  FakeSessionDescriptionHandler,
} from './fake-session-description-handler';
import { loadSipJs } from './sip-js.node-loader';

export interface SipJsTestPhoneOptions {
  /** e.g. `ws://127.0.0.1:40000/ws` */
  server: string;
  endpoint: string;
  password: string;
  domain?: string;
  registerExpiresSec?: number;
  /** SIP.js's own log lines (level error and up); silent by default, tests provoke transport errors on purpose. */
  onSipJsLog?: (line: string) => void;
}

export type SipJsRegisterOutcome = { accepted: true } | { accepted: false; statusCode: number };

/**
 * A real SIP.js 0.21 UserAgent + Registerer running in Node (fake media), for tests that need a WebRTC
 * phone on the other side of the simulator.
 */
export class SipJsTestPhone {
  readonly userAgent: UserAgent;
  readonly registerer: Registerer;
  readonly sessionDescriptionHandlers: FakeSessionDescriptionHandler[] = [];
  private readonly invitations: Invitation[] = [];
  private readonly invitationWaiters: Array<(invitation: Invitation) => void> = [];

  constructor(options: SipJsTestPhoneOptions) {
    const sipJs = loadSipJs();
    const domain = options.domain ?? '127.0.0.1';
    const uri = sipJs.UserAgent.makeURI(`sip:${options.endpoint}@${domain}`);
    if (!uri) {
      throw new Error(`Bad SIP URI for ${options.endpoint}@${domain}`);
    }
    this.userAgent = new sipJs.UserAgent({
      uri,
      authorizationUsername: options.endpoint,
      authorizationPassword: options.password,
      transportOptions: { server: options.server, traceSip: false },
      sessionDescriptionHandlerFactory: createFakeSessionDescriptionHandlerFactory(
        this.sessionDescriptionHandlers,
      ),
      logLevel: 'error',
      logBuiltinEnabled: false,
      logConnector: (level, category, _label, content) =>
        options.onSipJsLog?.(`${level} ${category} ${content}`),
      delegate: { onInvite: (invitation) => this.onInvite(invitation) },
    });
    this.registerer = new sipJs.Registerer(this.userAgent, { expires: options.registerExpiresSec ?? 600 });
  }

  start(): Promise<void> {
    return this.userAgent.start();
  }

  register(): Promise<SipJsRegisterOutcome> {
    return new Promise((resolve, reject) => {
      this.registerer
        .register({
          requestDelegate: {
            onAccept: () => resolve({ accepted: true }),
            onReject: (response) =>
              resolve({ accepted: false, statusCode: response.message.statusCode ?? 0 }),
          },
        })
        .catch(reject);
    });
  }

  unregister(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.registerer
        .unregister({
          requestDelegate: {
            onAccept: () => resolve(),
            onReject: () => reject(new Error('unregister rejected')),
          },
        })
        .catch(reject);
    });
  }

  /** Resolves with the next incoming INVITE (already received ones first). */
  nextInvitation(): Promise<Invitation> {
    const queued = this.invitations.shift();
    if (queued) {
      return Promise.resolve(queued);
    }
    return new Promise((resolve) => this.invitationWaiters.push(resolve));
  }

  /** Drops the WebSocket without unregistering, as a closed browser tab does. */
  dropTransport(): Promise<void> {
    return this.userAgent.transport.disconnect();
  }

  async stop(): Promise<void> {
    await this.registerer.dispose().catch(() => undefined);
    await this.userAgent.stop().catch(() => undefined);
  }

  private onInvite(invitation: Invitation): void {
    const waiter = this.invitationWaiters.shift();
    if (waiter) {
      waiter(invitation);
    } else {
      this.invitations.push(invitation);
    }
  }
}
