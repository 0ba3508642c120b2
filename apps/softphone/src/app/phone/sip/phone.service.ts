import { computed, inject, Injectable, signal } from '@angular/core';
import { AUTH_CLOCK } from '../../core/auth/auth.service';
import { INITIAL_PHONE_STATE, type PhoneCommand, type PhoneState } from '../domain/phone-state';
import { MediaDevicesService } from './media-devices.service';
import {
  isPhoneTabMessage,
  phoneChannelName,
  phoneLockName,
  type PhoneTabMessage,
} from './phone-tab.protocol';
import { RingtonePlayer } from './ringtone.player';
import { SipCredentialsApi } from './sip-credentials.api';
import type { SipEngine } from './sip-engine';

/**
 * The operator's phone, whichever tab they look at. One tab per extension wins a Web Lock and runs the
 * SIP.js UserAgent (one registration, one contact in Asterisk); the others mirror its state over a
 * BroadcastChannel and send their clicks to it. When the leader tab closes, its lock is released and
 * another tab takes over and registers.
 */
@Injectable({ providedIn: 'root' })
export class PhoneService {
  private readonly credentialsApi = inject(SipCredentialsApi);
  private readonly devices = inject(MediaDevicesService);
  private readonly now = inject(AUTH_CLOCK);
  private readonly current = signal<PhoneState>(INITIAL_PHONE_STATE);
  private readonly ringtone = new RingtonePlayer();

  private extension: string | null = null;
  private channel: BroadcastChannel | null = null;
  private engine: SipEngine | null = null;
  private abort: AbortController | null = null;
  private releaseLock: (() => void) | null = null;
  private audio: HTMLAudioElement | null = null;

  readonly state = this.current.asReadonly();
  readonly isLeader = computed(() => this.current().role === 'leader');

  /** Joins (or leads) this extension's phone; safe to call again for the same extension. */
  connect(extension: string): void {
    if (this.extension === extension) return;
    this.disconnect();
    this.extension = extension;
    this.channel = new BroadcastChannel(phoneChannelName(extension));
    this.channel.onmessage = (event: MessageEvent<unknown>) => {
      if (isPhoneTabMessage(event.data)) this.onTabMessage(event.data);
    };
    this.current.set({ ...INITIAL_PHONE_STATE, role: 'follower' });
    this.post({ type: 'hello' });
    this.abort = new AbortController();
    navigator.locks
      .request(phoneLockName(extension), { signal: this.abort.signal }, () => this.lead())
      .catch(() => undefined);
  }

  /** Signing out: the leader unregisters so Asterisk drops the contact now, not at expiry. */
  disconnect(): void {
    this.abort?.abort();
    this.abort = null;
    const engine = this.engine;
    this.engine = null;
    void engine?.stop();
    this.ringtone.stop();
    this.releaseLock?.();
    this.releaseLock = null;
    this.channel?.close();
    this.channel = null;
    this.extension = null;
    this.current.set(INITIAL_PHONE_STATE);
  }

  send(command: PhoneCommand): void {
    if (this.engine) void this.engine.run(command);
    else this.post({ type: 'command', command });
  }

  /** Applies a newly chosen speaker to the call that is playing. */
  applySpeaker(): void {
    const id = this.devices.speakerId();
    const audio = this.audio as (HTMLAudioElement & { setSinkId?: (id: string) => Promise<void> }) | null;
    if (audio?.setSinkId) void audio.setSinkId(id ?? '').catch(() => undefined);
  }

  private async lead(): Promise<void> {
    const extension = this.extension;
    if (!extension) return;
    this.patch({ role: 'leader', registration: 'connecting' });
    try {
      const credentials = await this.credentialsApi.fetch();
      const { SipEngine } = await import('./sip-engine');
      if (this.extension !== extension) return;
      this.engine = new SipEngine(
        credentials,
        {
          onChange: (patch) => this.patch(patch),
          onIncomingRing: (ringing) => (ringing ? this.ringtone.start() : this.ringtone.stop()),
          onRemoteStream: (stream) => this.play(stream),
          now: this.now,
        },
        () => ({ microphoneId: this.devices.microphoneId() }),
      );
      await this.engine.start();
    } catch {
      this.patch({ registration: 'unavailable' });
    }
    // Hold the lock for as long as this tab leads; disconnect() or closing the tab releases it.
    await new Promise<void>((resolve) => (this.releaseLock = resolve));
  }

  private onTabMessage(message: PhoneTabMessage): void {
    if (this.engine) {
      if (message.type === 'hello') this.post({ type: 'state', state: this.current() });
      if (message.type === 'command') void this.engine.run(message.command);
      return;
    }
    if (message.type === 'state') this.current.set({ ...message.state, role: 'follower' });
  }

  private patch(patch: Partial<PhoneState>): void {
    this.current.update((state) => ({ ...state, ...patch }));
    if (this.engine || patch.role === 'leader') this.post({ type: 'state', state: this.current() });
  }

  private play(stream: MediaStream | null): void {
    if (!stream) {
      if (this.audio) this.audio.srcObject = null;
      return;
    }
    this.audio ??= document.createElement('audio');
    this.audio.autoplay = true;
    this.audio.srcObject = stream;
    this.applySpeaker();
  }

  private post(message: PhoneTabMessage): void {
    this.channel?.postMessage(message);
  }
}
