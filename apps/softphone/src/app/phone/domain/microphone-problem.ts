import type { MicrophoneProblem } from './phone-state';

/**
 * getUserMedia failures -> what we tell the operator. Names per the Media Capture spec:
 * https://w3c.github.io/mediacapture-main/#dom-mediadevices-getusermedia
 */
export function microphoneProblemFrom(error: unknown): MicrophoneProblem | null {
  const name = typeof error === 'object' && error !== null ? (error as { name?: unknown }).name : undefined;
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return 'denied';
    case 'NotFoundError':
    case 'OverconstrainedError':
      return 'no-device';
    case 'NotReadableError':
    case 'AbortError':
      return 'in-use';
    default:
      return null;
  }
}
