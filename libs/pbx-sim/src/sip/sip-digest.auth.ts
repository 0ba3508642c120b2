import { createHash, randomBytes } from 'node:crypto';

export interface DigestChallenge {
  realm: string;
  nonce: string;
  opaque: string;
}

export interface DigestCredentials {
  username: string;
  realm: string;
  nonce: string;
  uri: string;
  response: string;
  qop?: string;
  nc?: string;
  cnonce?: string;
  algorithm?: string;
  opaque?: string;
}

export function createDigestChallenge(realm: string): DigestChallenge {
  return { realm, nonce: randomBytes(16).toString('hex'), opaque: randomBytes(8).toString('hex') };
}

/** WWW-Authenticate value in the shape Asterisk sends (MD5, qop=auth). */
export function formatDigestChallenge(challenge: DigestChallenge): string {
  return `Digest realm="${challenge.realm}",nonce="${challenge.nonce}",opaque="${challenge.opaque}",algorithm=MD5,qop="auth"`;
}

export function toDigestCredentials(fields: Record<string, string>): DigestCredentials | null {
  const { username, realm, nonce, uri, response } = fields;
  if (!username || realm === undefined || !nonce || !uri || !response) {
    return null;
  }
  return {
    username,
    realm,
    nonce,
    uri,
    response,
    qop: fields['qop'],
    nc: fields['nc'],
    cnonce: fields['cnonce'],
    algorithm: fields['algorithm'],
    opaque: fields['opaque'],
  };
}

/** RFC 2617 / RFC 3261 section 22.4 response for MD5, with or without qop=auth. */
export function computeDigestResponse(
  credentials: Omit<DigestCredentials, 'response'>,
  method: string,
  password: string,
): string {
  const ha1 = md5(`${credentials.username}:${credentials.realm}:${password}`);
  const ha2 = md5(`${method}:${credentials.uri}`);
  if (credentials.qop) {
    return md5(
      `${ha1}:${credentials.nonce}:${credentials.nc}:${credentials.cnonce}:${credentials.qop}:${ha2}`,
    );
  }
  return md5(`${ha1}:${credentials.nonce}:${ha2}`);
}

export function isDigestResponseValid(
  credentials: DigestCredentials,
  method: string,
  password: string,
): boolean {
  if (credentials.algorithm && credentials.algorithm.toUpperCase() !== 'MD5') {
    return false;
  }
  if (credentials.qop && credentials.qop !== 'auth') {
    return false;
  }
  return computeDigestResponse(credentials, method, password) === credentials.response.toLowerCase();
}

function md5(text: string): string {
  return createHash('md5').update(text, 'utf8').digest('hex');
}
