export interface SipHeader {
  name: string;
  value: string;
}

interface SipMessageBase {
  /** In wire order; names are canonical long forms (`v` -> `Via`). */
  headers: SipHeader[];
  body: string;
}

export interface SipRequest extends SipMessageBase {
  kind: 'request';
  method: string;
  uri: string;
}

export interface SipResponse extends SipMessageBase {
  kind: 'response';
  status: number;
  reason: string;
}

export type SipMessage = SipRequest | SipResponse;

export class SipParseError extends Error {
  override readonly name = 'SipParseError';
}

const SIP_VERSION = 'SIP/2.0';

// RFC 3261 section 7.3.3 plus the ones SIP.js and Asterisk send (RFC 3515, 3841, 4028...).
const COMPACT_FORMS: Readonly<Record<string, string>> = {
  i: 'Call-ID',
  m: 'Contact',
  e: 'Content-Encoding',
  l: 'Content-Length',
  c: 'Content-Type',
  f: 'From',
  s: 'Subject',
  k: 'Supported',
  t: 'To',
  v: 'Via',
  o: 'Event',
  r: 'Refer-To',
  b: 'Referred-By',
  u: 'Allow-Events',
  x: 'Session-Expires',
  a: 'Accept-Contact',
  j: 'Reject-Contact',
  d: 'Request-Disposition',
};

// Lower-case name -> the spelling RFC 3261 uses, for names whose spelling is not plain Title-Case.
const CANONICAL_SPELLING: Readonly<Record<string, string>> = {
  'call-id': 'Call-ID',
  cseq: 'CSeq',
  'www-authenticate': 'WWW-Authenticate',
  'mime-version': 'MIME-Version',
};

export function canonicalHeaderName(name: string): string {
  const lower = name.trim().toLowerCase();
  const compact = COMPACT_FORMS[lower];
  if (compact) {
    return compact;
  }
  const special = CANONICAL_SPELLING[lower];
  if (special) {
    return special;
  }
  return lower
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('-');
}

export function parseSipMessage(text: string): SipMessage {
  const headEnd = text.indexOf('\r\n\r\n');
  const separatorLength = headEnd >= 0 ? 4 : 0;
  const head = headEnd >= 0 ? text.slice(0, headEnd) : text.replace(/\r\n$/, '');
  const rawBody = headEnd >= 0 ? text.slice(headEnd + separatorLength) : '';
  const lines = unfoldLines(head.split('\r\n'));
  const startLine = lines.shift();
  if (!startLine) {
    throw new SipParseError('Empty SIP message');
  }
  const headers = lines.map(parseHeaderLine);
  const body = cutBody(rawBody, headers);
  if (startLine.startsWith(`${SIP_VERSION} `)) {
    const match = /^SIP\/2\.0 (\d{3}) ?(.*)$/.exec(startLine);
    if (!match) {
      throw new SipParseError(`Bad status line: ${startLine}`);
    }
    return { kind: 'response', status: Number(match[1]), reason: match[2], headers, body };
  }
  const match = /^([A-Za-z]+) (\S+) SIP\/2\.0$/.exec(startLine);
  if (!match) {
    throw new SipParseError(`Bad request line: ${startLine}`);
  }
  return { kind: 'request', method: match[1].toUpperCase(), uri: match[2], headers, body };
}

export function serializeSipMessage(message: SipMessage): string {
  const startLine =
    message.kind === 'request'
      ? `${message.method} ${message.uri} ${SIP_VERSION}`
      : `${SIP_VERSION} ${message.status} ${message.reason}`;
  const headerLines = message.headers
    .filter((header) => header.name !== 'Content-Length')
    .map((header) => `${header.name}: ${header.value}`);
  headerLines.push(`Content-Length: ${Buffer.byteLength(message.body, 'utf8')}`);
  return `${startLine}\r\n${headerLines.join('\r\n')}\r\n\r\n${message.body}`;
}

export function getHeader(message: SipMessage, name: string): string | undefined {
  const wanted = canonicalHeaderName(name);
  return message.headers.find((header) => header.name === wanted)?.value;
}

/** Every value of a header, with comma-separated lists (`Via: a, b`) split into separate values. */
export function getHeaderValues(message: SipMessage, name: string): string[] {
  const wanted = canonicalHeaderName(name);
  return message.headers
    .filter((header) => header.name === wanted)
    .flatMap((header) => (LIST_HEADERS.has(wanted) ? splitHeaderList(header.value) : [header.value]));
}

// Headers that may carry several comma-separated values; others (e.g. WWW-Authenticate, Date) have commas inside.
const LIST_HEADERS = new Set(['Via', 'Contact', 'Route', 'Record-Route', 'Allow', 'Supported', 'Require']);

/** Splits on commas that are outside quotes and angle brackets. */
export function splitHeaderList(value: string): string[] {
  const parts: string[] = [];
  let current = '';
  let inQuotes = false;
  let inAngle = false;
  for (let index = 0; index < value.length; index++) {
    const char = value[index];
    if (char === '\\' && inQuotes) {
      current += char + (value[index + 1] ?? '');
      index++;
      continue;
    }
    if (char === '"') {
      inQuotes = !inQuotes;
    } else if (!inQuotes && char === '<') {
      inAngle = true;
    } else if (!inQuotes && char === '>') {
      inAngle = false;
    } else if (char === ',' && !inQuotes && !inAngle) {
      parts.push(current.trim());
      current = '';
      continue;
    }
    current += char;
  }
  if (current.trim()) {
    parts.push(current.trim());
  }
  return parts;
}

function unfoldLines(lines: string[]): string[] {
  const unfolded: string[] = [];
  for (const line of lines) {
    if (/^[ \t]/.test(line) && unfolded.length > 1) {
      unfolded[unfolded.length - 1] += ` ${line.trim()}`;
    } else {
      unfolded.push(line);
    }
  }
  return unfolded;
}

function parseHeaderLine(line: string): SipHeader {
  const colon = line.indexOf(':');
  if (colon <= 0) {
    throw new SipParseError(`Bad header line: ${line}`);
  }
  return { name: canonicalHeaderName(line.slice(0, colon)), value: line.slice(colon + 1).trim() };
}

function cutBody(rawBody: string, headers: SipHeader[]): string {
  const lengthHeader = headers.find((header) => header.name === 'Content-Length');
  if (!lengthHeader) {
    return rawBody;
  }
  const length = Number(lengthHeader.value);
  if (!Number.isInteger(length) || length < 0) {
    throw new SipParseError(`Bad Content-Length: ${lengthHeader.value}`);
  }
  // Content-Length counts bytes, not UTF-16 code units.
  const bytes = Buffer.from(rawBody, 'utf8');
  if (bytes.length < length) {
    throw new SipParseError(`Body shorter than Content-Length (${bytes.length} < ${length})`);
  }
  return bytes.subarray(0, length).toString('utf8');
}
