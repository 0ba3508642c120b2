import type {
  SipAuthAttempt,
  SipCallEndReason,
  SipCallObserver,
  SipContact,
  SipContactRemovalCause,
  SipRegistrarListener,
} from '../sip-registrar.port';

export type SipListenerEvent =
  | { type: 'challengeSent'; attempt: SipAuthAttempt }
  | { type: 'authSucceeded'; attempt: SipAuthAttempt }
  | { type: 'authFailed'; attempt: SipAuthAttempt }
  | { type: 'contactAdded'; contact: SipContact }
  | { type: 'contactUnreachable'; contact: SipContact }
  | { type: 'contactReachable'; contact: SipContact; roundtripUsec: number }
  | { type: 'contactRemoved'; contact: SipContact; cause: SipContactRemovalCause };

/** Polls until `check` returns a value other than undefined/false, or fails after `timeoutMs`. */
export async function waitUntil<T>(
  check: () => T | undefined | false,
  timeoutMs = 3000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined && value !== false) {
      return value;
    }
    if (Date.now() > deadline) {
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export class RecordingSipListener implements SipRegistrarListener {
  readonly events: SipListenerEvent[] = [];

  challengeSent(attempt: SipAuthAttempt): void {
    this.events.push({ type: 'challengeSent', attempt });
  }
  authSucceeded(attempt: SipAuthAttempt): void {
    this.events.push({ type: 'authSucceeded', attempt });
  }
  authFailed(attempt: SipAuthAttempt): void {
    this.events.push({ type: 'authFailed', attempt });
  }
  contactAdded(contact: SipContact): void {
    this.events.push({ type: 'contactAdded', contact });
  }
  contactReachable(contact: SipContact, roundtripUsec: number): void {
    this.events.push({ type: 'contactReachable', contact, roundtripUsec });
  }
  contactUnreachable(contact: SipContact): void {
    this.events.push({ type: 'contactUnreachable', contact });
  }
  contactRemoved(contact: SipContact, cause: SipContactRemovalCause): void {
    this.events.push({ type: 'contactRemoved', contact, cause });
  }

  types(): string[] {
    return this.events.map((event) => event.type);
  }

  clear(): void {
    this.events.length = 0;
  }

  waitFor<K extends SipListenerEvent['type']>(
    type: K,
    timeoutMs = 3000,
  ): Promise<Extract<SipListenerEvent, { type: K }>> {
    return waitUntil(
      () => this.events.find((event): event is Extract<SipListenerEvent, { type: K }> => event.type === type),
      timeoutMs,
      `listener call ${type}`,
    );
  }
}

export class RecordingCallObserver implements SipCallObserver {
  readonly events: string[] = [];
  endReason: SipCallEndReason | undefined;

  ringing(): void {
    this.events.push('ringing');
  }
  answered(): void {
    this.events.push('answered');
  }
  ended(reason: SipCallEndReason): void {
    this.endReason = reason;
    this.events.push(`ended:${reason}`);
  }

  waitFor(event: string, timeoutMs = 3000): Promise<true> {
    return waitUntil(() => this.events.includes(event), timeoutMs, `call event ${event}`);
  }
}
