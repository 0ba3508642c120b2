import { randomUUID } from 'node:crypto';
import { getHeader, getHeaderValues, SipHeader, SipRequest, SipResponse } from './sip-message.codec';

export const SIM_USER_AGENT = 'Asterisk PBX 22.10.1';
export const SIM_ALLOW =
  'OPTIONS, REGISTER, SUBSCRIBE, NOTIFY, PUBLISH, INVITE, ACK, BYE, CANCEL, UPDATE, PRACK, INFO, MESSAGE, REFER';

const REASON_PHRASES: Readonly<Record<number, string>> = {
  100: 'Trying',
  180: 'Ringing',
  200: 'OK',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  423: 'Interval Too Brief',
  481: 'Call/Transaction Does Not Exist',
  487: 'Request Terminated',
  500: 'Server Internal Error',
  501: 'Not Implemented',
};

export function reasonPhrase(status: number): string {
  return REASON_PHRASES[status] ?? 'Unknown';
}

/** RFC 3261 magic cookie plus pjsip's `Pj` marker, as Asterisk's branches look. */
export function newBranch(): string {
  return `z9hG4bKPj${randomUUID()}`;
}

export function newTag(): string {
  return randomUUID();
}

export function newCallId(): string {
  return randomUUID();
}

/** RFC 3261 section 8.2.6: a response echoes Via, From, To (adding our tag), Call-ID and CSeq. */
export function buildResponse(
  request: SipRequest,
  status: number,
  options: { toTag?: string; headers?: SipHeader[]; body?: string; reason?: string } = {},
): SipResponse {
  const headers: SipHeader[] = getHeaderValues(request, 'Via').map((value) => ({ name: 'Via', value }));
  const copy = (name: string): void => {
    const value = getHeader(request, name);
    if (value !== undefined) {
      headers.push({ name, value });
    }
  };
  copy('Call-ID');
  copy('From');
  const to = getHeader(request, 'To') ?? '';
  const needsTag = status > 100 && !/;\s*tag=/i.test(to);
  headers.push({ name: 'To', value: needsTag ? `${to};tag=${options.toTag ?? newTag()}` : to });
  copy('CSeq');
  headers.push({ name: 'Server', value: SIM_USER_AGENT });
  headers.push(...(options.headers ?? []));
  return {
    kind: 'response',
    status,
    reason: options.reason ?? reasonPhrase(status),
    headers,
    body: options.body ?? '',
  };
}
