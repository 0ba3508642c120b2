import type { AmiOutgoingFields } from '@cc/ami';

/** Asterisk's answer to one action: `Response: Success` or `Error`, and its `Message`. */
export interface AmiActionOutcome {
  success: boolean;
  message: string;
}

/**
 * How a feature gets an AMI action to Asterisk, from whichever instance it runs on. Build the fields
 * with the pure builders of `@cc/ami` (queuePause, queueAdd, originate…); the port adds the ActionID.
 * An `Error` answer resolves (the caller decides what it means); a timeout or an unreachable Asterisk
 * rejects, so the caller can retry.
 */
export interface AmiActionPort {
  send(action: AmiOutgoingFields, options?: { timeoutMs?: number }): Promise<AmiActionOutcome>;
}

export const AMI_ACTION_PORT = Symbol('AMI_ACTION_PORT');
