import type { AmiMessage } from './ami-message';

/** Asterisk answered an action with `Response: Error`. */
export class AmiActionError extends Error {
  override readonly name = 'AmiActionError';
  constructor(
    message: string,
    readonly response: AmiMessage,
  ) {
    super(message);
  }
}

/** No response (or no end of the event list) within the action timeout. */
export class AmiTimeoutError extends Error {
  override readonly name = 'AmiTimeoutError';
  constructor(
    readonly actionId: string,
    readonly action: string,
    readonly timeoutMs: number,
  ) {
    super(`AMI action ${action} (${actionId}) timed out after ${timeoutMs} ms`);
  }
}

/** The socket closed (or was not open) while the action was pending or being written. */
export class AmiConnectionClosedError extends Error {
  override readonly name = 'AmiConnectionClosedError';
}

/** The Login action was refused (`Message: Authentication failed`). */
export class AmiAuthenticationError extends Error {
  override readonly name = 'AmiAuthenticationError';
  constructor(readonly response: AmiMessage) {
    super(`AMI login refused: ${response['Message'] ?? 'no message'}`);
  }
}
