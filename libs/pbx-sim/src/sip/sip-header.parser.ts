export type SipParams = Record<string, string | null>;

export interface SipNameAddr {
  displayName: string;
  uri: string;
  /** Header parameters (after the `>`), e.g. `tag`, `expires`. */
  params: SipParams;
}

export interface SipUri {
  scheme: string;
  user: string;
  host: string;
  port: number | null;
  params: SipParams;
}

export interface SipVia {
  protocol: string;
  transport: string;
  host: string;
  port: number | null;
  params: SipParams;
}

export interface SipCSeq {
  seq: number;
  method: string;
}

/** `;a=b;c` -> `{ a: 'b', c: null }` (keys lower-cased, quotes kept off). */
export function parseParams(text: string): SipParams {
  const params: SipParams = {};
  for (const part of text.split(';')) {
    const trimmed = part.trim();
    if (!trimmed) {
      continue;
    }
    const equals = trimmed.indexOf('=');
    if (equals < 0) {
      params[trimmed.toLowerCase()] = null;
    } else {
      params[trimmed.slice(0, equals).trim().toLowerCase()] = unquote(trimmed.slice(equals + 1).trim());
    }
  }
  return params;
}

export function formatParams(params: SipParams): string {
  return Object.entries(params)
    .map(([key, value]) => (value === null ? `;${key}` : `;${key}=${value}`))
    .join('');
}

/** `"Alice" <sip:a@b;transport=ws>;tag=1` or `sip:a@b;tag=1` (params then belong to the header). */
export function parseNameAddr(value: string): SipNameAddr {
  const trimmed = value.trim();
  const open = trimmed.indexOf('<');
  if (open >= 0) {
    const close = trimmed.indexOf('>', open);
    if (close < 0) {
      throw new Error(`Unterminated name-addr: ${value}`);
    }
    return {
      displayName: unquote(trimmed.slice(0, open).trim()),
      uri: trimmed.slice(open + 1, close),
      params: parseParams(trimmed.slice(close + 1)),
    };
  }
  const semicolon = trimmed.indexOf(';');
  return semicolon < 0
    ? { displayName: '', uri: trimmed, params: {} }
    : { displayName: '', uri: trimmed.slice(0, semicolon), params: parseParams(trimmed.slice(semicolon)) };
}

export function parseSipUri(uri: string): SipUri {
  const match = /^(sips?):(?:([^@]*)@)?(\[[^\]]+\]|[^:;?]+)(?::(\d+))?([^?]*)/i.exec(uri.trim());
  if (!match) {
    throw new Error(`Bad SIP URI: ${uri}`);
  }
  return {
    scheme: match[1].toLowerCase(),
    user: match[2] ?? '',
    host: match[3],
    port: match[4] ? Number(match[4]) : null,
    params: parseParams(match[5]),
  };
}

/** `SIP/2.0/WSS abc.invalid;branch=z9hG4bK1` */
export function parseVia(value: string): SipVia {
  const match = /^\s*(SIP\s*\/\s*2\.0)\s*\/\s*(\S+)\s+([^;:\s]+|\[[^\]]+\])(?::(\d+))?\s*(.*)$/i.exec(value);
  if (!match) {
    throw new Error(`Bad Via: ${value}`);
  }
  return {
    protocol: 'SIP/2.0',
    transport: match[2].toUpperCase(),
    host: match[3],
    port: match[4] ? Number(match[4]) : null,
    params: parseParams(match[5]),
  };
}

export function parseCSeq(value: string): SipCSeq {
  const match = /^\s*(\d+)\s+(\S+)\s*$/.exec(value);
  if (!match) {
    throw new Error(`Bad CSeq: ${value}`);
  }
  return { seq: Number(match[1]), method: match[2].toUpperCase() };
}

/** `Digest username="1004", realm="asterisk", qop=auth` -> `{ username: '1004', ... }` */
export function parseDigestCredentials(value: string): Record<string, string> | null {
  const match = /^\s*Digest\s+(.*)$/is.exec(value);
  if (!match) {
    return null;
  }
  const fields: Record<string, string> = {};
  const pattern = /([A-Za-z0-9_-]+)\s*=\s*("((?:[^"\\]|\\.)*)"|[^,\s]*)/g;
  for (let found = pattern.exec(match[1]); found; found = pattern.exec(match[1])) {
    fields[found[1].toLowerCase()] = found[3] !== undefined ? found[3].replace(/\\(.)/g, '$1') : found[2];
  }
  return fields;
}

function unquote(text: string): string {
  return text.length >= 2 && text.startsWith('"') && text.endsWith('"')
    ? text.slice(1, -1).replace(/\\(.)/g, '$1')
    : text;
}
