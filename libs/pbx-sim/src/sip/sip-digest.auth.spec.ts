import { parseDigestCredentials } from './sip-header.parser';
import {
  computeDigestResponse,
  DigestCredentials,
  isDigestResponseValid,
  toDigestCredentials,
} from './sip-digest.auth';

// The Authorization SIP.js 0.21 sent for 1004/secret in answer to our 401 (captured).
const SIP_JS_AUTHORIZATION =
  'Digest algorithm=MD5, username="1004", realm="asterisk", nonce="6316c65789fa93f4430282dfba8a11f3", uri="sip:127.0.0.1", response="05f88fc9711a06780b224af88620ac4b", opaque="19092fa08c1bbbd8", qop=auth, cnonce="efk9jpogq1h9", nc=00000001';

describe('digest authentication', () => {
  function sipJsCredentials(): DigestCredentials {
    const credentials = toDigestCredentials(parseDigestCredentials(SIP_JS_AUTHORIZATION) ?? {});
    if (!credentials) {
      throw new Error('SIP.js Authorization did not parse');
    }
    return credentials;
  }

  it('accepts the response SIP.js computed for the right password', () => {
    expect(isDigestResponseValid(sipJsCredentials(), 'REGISTER', 'secret')).toBe(true);
  });

  it('rejects it for another password or method', () => {
    expect(isDigestResponseValid(sipJsCredentials(), 'REGISTER', 'wrong')).toBe(false);
    expect(isDigestResponseValid(sipJsCredentials(), 'INVITE', 'secret')).toBe(false);
  });

  it('computes the RFC 2617 section 3.5 example with qop=auth', () => {
    const response = computeDigestResponse(
      {
        username: 'Mufasa',
        realm: 'testrealm@host.com',
        nonce: 'dcd98b7102dd2f0e8b11d0f600bfb0c093',
        uri: '/dir/index.html',
        qop: 'auth',
        nc: '00000001',
        cnonce: '0a4f113b',
      },
      'GET',
      'Circle Of Life',
    );
    expect(response).toBe('6629fae49393a05397450978507c4ef1');
  });

  it('computes RFC 2617 responses without qop', () => {
    // RFC 2069 style (no qop): MD5(HA1:nonce:HA2) over the RFC 2617 example values.
    const response = computeDigestResponse(
      {
        username: 'Mufasa',
        realm: 'testrealm@host.com',
        nonce: 'dcd98b7102dd2f0e8b11d0f600bfb0c093',
        uri: '/dir/index.html',
      },
      'GET',
      'Circle Of Life',
    );
    expect(response).toBe('670fd8c2df070c60b045671b8b24ff02');
  });
});
