/** Calls as the ledger (`call_records`) and the `call.*` events describe them. */

export const CALL_DIRECTIONS = ['inbound', 'outbound', 'internal'] as const;
export type CallDirection = (typeof CALL_DIRECTIONS)[number];

export const CALL_DISPOSITIONS = ['answered', 'abandoned', 'timeout', 'transferred', 'failed'] as const;
export type CallDisposition = (typeof CALL_DISPOSITIONS)[number];

/** The facts of one call, as far as they are known when the event is sent. Times are ISO-8601. */
export interface CallFacts {
  /** Asterisk Uniqueid of the call's first channel: the ledger's key. */
  uniqueid: string;
  linkedid: string;
  queue: string | null;
  agentExtension: string | null;
  callerNumber: string | null;
  callerName: string | null;
  direction: CallDirection;
  enqueuedAt: string | null;
  answeredAt: string | null;
  endedAt: string | null;
  waitSeconds: number | null;
  ringSeconds: number | null;
  talkSeconds: number | null;
  holdSeconds: number | null;
  /** Null while the call is in progress. */
  disposition: CallDisposition | null;
}
