/**
 * The softphone as every tab sees it. The leader tab (the one holding the UserAgent) produces it; the
 * other tabs receive the same value over a BroadcastChannel, so it is plain data, never a SIP.js object.
 */

/** SIP.js's registerer and transport, folded into what an operator needs to know. */
export type RegistrationState =
  | 'idle'
  | 'connecting'
  | 'registering'
  | 'registered'
  | 'reconnecting'
  | 'unregistered'
  | 'rejected'
  | 'unavailable';

export type MicrophoneProblem = 'denied' | 'no-device' | 'in-use' | 'unknown';

export type CallState =
  | { kind: 'idle' }
  | { kind: 'incoming'; id: string; callerNumber: string; callerName: string; queue: string | null }
  | { kind: 'outgoing'; id: string; target: string }
  | {
      kind: 'active';
      id: string;
      remote: string;
      remoteName: string;
      queue: string | null;
      /** Epoch ms when the call was answered; the timer counts from here. */
      answeredAt: number;
      muted: boolean;
      held: boolean;
      /** A consultation call of an attended transfer, when one is open. */
      consulting: string | null;
    };

export interface PhoneState {
  /** Whether this tab runs the UserAgent or mirrors the one that does. */
  role: 'leader' | 'follower' | 'starting';
  registration: RegistrationState;
  /** Last SIP status of a refused REGISTER (401, 403...), to say why. */
  registrationCode: number | null;
  call: CallState;
  microphoneProblem: MicrophoneProblem | null;
  /** Set when a call could not be kept across a WebSocket reconnect. */
  callLostOnReconnect: boolean;
}

export const INITIAL_PHONE_STATE: PhoneState = {
  role: 'starting',
  registration: 'idle',
  registrationCode: null,
  call: { kind: 'idle' },
  microphoneProblem: null,
  callLostOnReconnect: false,
};

/** What any tab may ask the phone to do; followers send these to the leader. */
export type PhoneCommand =
  | { name: 'answer' }
  | { name: 'reject' }
  | { name: 'hangup' }
  | { name: 'dial'; target: string }
  | { name: 'mute'; on: boolean }
  | { name: 'hold'; on: boolean }
  | { name: 'dtmf'; tone: string }
  | { name: 'blindTransfer'; target: string }
  | { name: 'startConsult'; target: string }
  | { name: 'completeTransfer' }
  | { name: 'cancelConsult' };
