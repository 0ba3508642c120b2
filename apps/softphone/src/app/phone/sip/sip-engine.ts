import type { SipCredentials } from '@cc/contracts';
import {
  Invitation,
  Inviter,
  Registerer,
  RegistererState,
  type Session,
  SessionState,
  UserAgent,
  Web,
} from 'sip.js';
import { microphoneProblemFrom } from '../domain/microphone-problem';
import type { CallState, MicrophoneProblem, PhoneCommand, PhoneState } from '../domain/phone-state';
import { reconnectDelayMs } from '../domain/reconnect-backoff';

export interface SipEngineHooks {
  /** Every change of what the phone shows, as plain data. */
  onChange(patch: Partial<PhoneState>): void;
  onIncomingRing(ringing: boolean): void;
  /** The remote party's audio, to play through the chosen speaker. */
  onRemoteStream(stream: MediaStream | null): void;
  now(): number;
}

export interface MediaChoice {
  microphoneId: string | null;
}

/**
 * The one SIP.js UserAgent of this operator, living in the leader tab only. It keeps what we want
 * (registered) apart from what is (SIP.js's registerer and transport state) and drives the second
 * towards the first, as SIP.js's own SessionManager does with `shouldBeRegistered`.
 */
export class SipEngine {
  private readonly userAgent: UserAgent;
  private readonly registerer: Registerer;
  private shouldBeRegistered = false;
  private reconnectAttempt = 0;
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  private session: Session | null = null;
  private consult: Inviter | null = null;
  private call: CallState = { kind: 'idle' };
  private stopped = false;
  private registerInFlight = false;

  constructor(
    private readonly credentials: SipCredentials,
    private readonly hooks: SipEngineHooks,
    private readonly media: () => MediaChoice,
  ) {
    const uri = UserAgent.makeURI(`sip:${credentials.extension}@${credentials.domain}`);
    if (!uri) throw new Error(`Not a SIP address: ${credentials.extension}@${credentials.domain}`);
    this.userAgent = new UserAgent({
      uri,
      authorizationUsername: credentials.authorizationUsername,
      authorizationPassword: credentials.password,
      transportOptions: { server: credentials.webSocketUrl, traceSip: false },
      // Reconnects are ours (reconnectDelayMs), so SIP.js must not run a second schedule beside them.
      reconnectionAttempts: 0,
      logLevel: 'warn',
      sessionDescriptionHandlerFactoryOptions: {
        peerConnectionConfiguration: { iceServers: credentials.iceServers },
      },
      delegate: {
        onConnect: () => this.onTransportUp(),
        onDisconnect: (error) => this.onTransportDown(error),
        onInvite: (invitation) => this.onInvite(invitation),
      },
    });
    this.registerer = new Registerer(this.userAgent, { expires: credentials.registerExpiresSec });
    this.registerer.stateChange.addListener((state) => this.onRegistererState(state));
  }

  async start(): Promise<void> {
    this.shouldBeRegistered = true;
    this.hooks.onChange({ registration: 'connecting' });
    try {
      await this.userAgent.start();
    } catch {
      this.hooks.onChange({ registration: 'unavailable' });
      this.scheduleReconnect();
    }
  }

  /** Unregisters (so Asterisk drops the contact at once) and closes the WebSocket. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.shouldBeRegistered = false;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.endCall();
    try {
      if (this.registerer.state === RegistererState.Registered) await this.registerer.unregister();
    } catch {
      // The socket may already be gone; Asterisk then removes the contact when it closes.
    }
    await this.userAgent.stop().catch(() => undefined);
  }

  async run(command: PhoneCommand): Promise<void> {
    switch (command.name) {
      case 'answer':
        return this.answer();
      case 'reject':
        if (this.session instanceof Invitation && this.session.state === SessionState.Initial) {
          await this.session.reject({ statusCode: 486 });
        }
        return;
      case 'hangup':
        return this.hangup();
      case 'dial':
        return this.dial(command.target);
      case 'mute':
        return this.mute(command.on);
      case 'hold':
        return this.hold(command.on);
      case 'dtmf':
        return this.dtmf(command.tone);
      case 'blindTransfer':
        return this.blindTransfer(command.target);
      case 'startConsult':
        return this.startConsult(command.target);
      case 'completeTransfer':
        return this.completeTransfer();
      case 'cancelConsult':
        await this.consult?.bye().catch(() => undefined);
        this.consult = null;
        return this.patchActive({ consulting: null });
    }
  }

  private onTransportUp(): void {
    this.reconnectAttempt = 0;
    if (this.shouldBeRegistered) this.register();
    // A call that was up when the socket dropped gets a re-INVITE with an ICE restart (RFC 5245 §9.1.1.1):
    // the dialog survives in Asterisk while the new socket comes up within its timers.
    if (this.session && this.session.state === SessionState.Established) {
      this.session
        .invite({
          sessionDescriptionHandlerOptions: { iceRestart: true } as Web.SessionDescriptionHandlerOptions,
        })
        .catch(() => {
          this.hooks.onChange({ callLostOnReconnect: true });
          this.endCall();
        });
    }
  }

  private onTransportDown(error?: Error): void {
    // The socket took the outstanding REGISTER transaction with it.
    this.registerInFlight = false;
    if (this.stopped) return;
    this.hooks.onChange({ registration: error ? 'reconnecting' : 'unregistered' });
    if (this.shouldBeRegistered) this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.reconnectTimer || this.stopped) return;
    const delay = reconnectDelayMs(this.reconnectAttempt++);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      if (this.stopped || this.userAgent.isConnected()) return;
      this.hooks.onChange({ registration: 'reconnecting' });
      this.userAgent.reconnect().catch(() => this.scheduleReconnect());
    }, delay);
  }

  private register(): void {
    // One REGISTER at a time: SIP.js refuses (and warns) while a transaction is outstanding, and two in
    // flight would race their CSeqs against Asterisk's registrar.
    if (this.registerInFlight) return;
    this.registerInFlight = true;
    const settled = (): void => {
      this.registerInFlight = false;
    };
    this.hooks.onChange({ registration: 'registering', registrationCode: null });
    this.registerer
      .register({
        requestDelegate: {
          onAccept: settled,
          onReject: (response) => {
            settled();
            this.hooks.onChange({
              registration: 'rejected',
              registrationCode: response.message.statusCode ?? null,
            });
          },
        },
      })
      .catch(() => {
        settled();
        this.hooks.onChange({ registration: 'unavailable' });
      });
  }

  private onRegistererState(state: RegistererState): void {
    if (state === RegistererState.Registered) this.hooks.onChange({ registration: 'registered' });
    else if (state === RegistererState.Unregistered || state === RegistererState.Terminated) {
      const lostSocket = this.shouldBeRegistered && !this.userAgent.isConnected();
      this.hooks.onChange({ registration: lostSocket ? 'reconnecting' : 'unregistered' });
    }
  }

  private onInvite(invitation: Invitation): void {
    if (this.session) {
      // One call at a time; Asterisk's queue treats 486 as "busy" and tries the next member.
      void invitation.reject({ statusCode: 486 });
      return;
    }
    this.session = invitation;
    const identity = invitation.remoteIdentity;
    this.setCall({
      kind: 'incoming',
      id: invitation.id,
      callerNumber: identity.uri.user ?? '',
      callerName: identity.displayName ?? '',
      // Set by the dialplan (`PJSIP_HEADER(add,X-Queue)`) when Asterisk offers a queue call; see docs/softphone.md.
      queue: invitation.request.getHeader('X-Queue') ?? null,
    });
    this.hooks.onIncomingRing(true);
    this.watch(invitation);
  }

  private async answer(): Promise<void> {
    const session = this.session;
    if (!(session instanceof Invitation) || session.state !== SessionState.Initial) return;
    this.hooks.onIncomingRing(false);
    try {
      await session.accept({ sessionDescriptionHandlerOptions: { constraints: this.constraints() } });
    } catch (error: unknown) {
      this.reportMicrophone(error);
    }
  }

  private async dial(target: string): Promise<void> {
    if (this.session) return;
    const uri = UserAgent.makeURI(`sip:${target}@${this.credentials.domain}`);
    if (!uri) return;
    const inviter = new Inviter(this.userAgent, uri, {
      sessionDescriptionHandlerOptions: { constraints: this.constraints() },
    });
    this.session = inviter;
    this.setCall({ kind: 'outgoing', id: inviter.id, target });
    this.watch(inviter);
    try {
      await inviter.invite();
    } catch (error: unknown) {
      this.reportMicrophone(error);
      this.endCall();
    }
  }

  private async hangup(): Promise<void> {
    const session = this.session;
    if (!session) return;
    if (session instanceof Inviter && session.state !== SessionState.Established)
      await session.cancel().catch(() => undefined);
    else if (session instanceof Invitation && session.state === SessionState.Initial)
      await session.reject().catch(() => undefined);
    else if (session.state === SessionState.Established) await session.bye().catch(() => undefined);
    this.endCall();
  }

  private mute(on: boolean): void {
    const handler = this.session?.sessionDescriptionHandler;
    if (handler instanceof Web.SessionDescriptionHandler) handler.enableSenderTracks(!on);
    this.patchActive({ muted: on });
  }

  private async hold(on: boolean): Promise<void> {
    const session = this.session;
    if (!session || session.state !== SessionState.Established) return;
    const options: Web.SessionDescriptionHandlerOptions = { hold: on };
    session.sessionDescriptionHandlerOptionsReInvite = options;
    await session.invite().then(
      () => this.patchActive({ held: on }),
      () => undefined,
    );
  }

  private async dtmf(tone: string): Promise<void> {
    const session = this.session;
    if (!session || session.state !== SessionState.Established) return;
    const handler = session.sessionDescriptionHandler;
    // RFC 4733 in the media when the peer negotiated telephone-event, else SIP INFO as Asterisk accepts.
    if (handler instanceof Web.SessionDescriptionHandler && handler.sendDtmf(tone)) return;
    await session
      .info({
        requestOptions: {
          body: {
            contentDisposition: 'render',
            contentType: 'application/dtmf-relay',
            content: `Signal=${tone}\r\nDuration=160`,
          },
        },
      })
      .catch(() => undefined);
  }

  private async blindTransfer(target: string): Promise<void> {
    const uri = UserAgent.makeURI(`sip:${target}@${this.credentials.domain}`);
    if (!uri || !this.session || this.session.state !== SessionState.Established) return;
    await this.session.refer(uri).catch(() => undefined);
  }

  private async startConsult(target: string): Promise<void> {
    const uri = UserAgent.makeURI(`sip:${target}@${this.credentials.domain}`);
    if (!uri || !this.session || this.consult) return;
    await this.hold(true);
    this.consult = new Inviter(this.userAgent, uri, {
      sessionDescriptionHandlerOptions: { constraints: this.constraints() },
    });
    this.patchActive({ consulting: target });
    await this.consult.invite().catch(() => {
      this.consult = null;
      this.patchActive({ consulting: null });
    });
  }

  private async completeTransfer(): Promise<void> {
    if (!this.session || !this.consult) return;
    // REFER with Replaces: the customer is joined to the consulted party and we drop out.
    await this.session.refer(this.consult).catch(() => undefined);
    this.consult = null;
  }

  private watch(session: Session): void {
    session.stateChange.addListener((state) => {
      if (state === SessionState.Established) {
        this.hooks.onIncomingRing(false);
        const identity = session.remoteIdentity;
        const queue = this.call.kind === 'incoming' ? this.call.queue : null;
        this.setCall({
          kind: 'active',
          id: session.id,
          remote: identity.uri.user ?? '',
          remoteName: identity.displayName ?? '',
          queue,
          answeredAt: this.hooks.now(),
          muted: false,
          held: false,
          consulting: null,
        });
        const handler = session.sessionDescriptionHandler;
        if (handler instanceof Web.SessionDescriptionHandler)
          this.hooks.onRemoteStream(handler.remoteMediaStream);
      }
      if (state === SessionState.Terminated && this.session === session) this.endCall();
    });
  }

  private endCall(): void {
    this.hooks.onIncomingRing(false);
    this.hooks.onRemoteStream(null);
    this.session = null;
    this.consult = null;
    this.setCall({ kind: 'idle' });
  }

  private constraints(): MediaStreamConstraints {
    const microphoneId = this.media().microphoneId;
    return { audio: microphoneId ? { deviceId: { exact: microphoneId } } : true, video: false };
  }

  private reportMicrophone(error: unknown): void {
    const problem: MicrophoneProblem | null = microphoneProblemFrom(error);
    if (problem) this.hooks.onChange({ microphoneProblem: problem });
  }

  private setCall(call: CallState): void {
    this.call = call;
    this.hooks.onChange({ call });
  }

  private patchActive(patch: Partial<Extract<CallState, { kind: 'active' }>>): void {
    if (this.call.kind === 'active') this.setCall({ ...this.call, ...patch });
  }
}
