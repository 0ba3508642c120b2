import { parseCSeq, parseDigestCredentials, parseNameAddr, parseSipUri, parseVia } from './sip-header.parser';

describe('SIP header field parsers', () => {
  it('splits a name-addr into display name, URI and header params', () => {
    expect(
      parseNameAddr('"Customer One" <sip:+15551230001@127.0.0.1;transport=ws>;tag=abc;expires=600'),
    ).toEqual({
      displayName: 'Customer One',
      uri: 'sip:+15551230001@127.0.0.1;transport=ws',
      params: { tag: 'abc', expires: '600' },
    });
    expect(parseNameAddr('sip:1004@127.0.0.1;tag=x')).toEqual({
      displayName: '',
      uri: 'sip:1004@127.0.0.1',
      params: { tag: 'x' },
    });
  });

  it('parses SIP URIs with and without user and port', () => {
    expect(parseSipUri('sip:2pvrtpvf@6o034mbkq936.invalid;transport=ws')).toEqual({
      scheme: 'sip',
      user: '2pvrtpvf',
      host: '6o034mbkq936.invalid',
      port: null,
      params: { transport: 'ws' },
    });
    expect(parseSipUri('sip:127.0.0.1:5060')).toMatchObject({ user: '', host: '127.0.0.1', port: 5060 });
  });

  it('parses Via and CSeq', () => {
    expect(parseVia('SIP/2.0/WSS 6o034mbkq936.invalid;branch=z9hG4bK3163415')).toEqual({
      protocol: 'SIP/2.0',
      transport: 'WSS',
      host: '6o034mbkq936.invalid',
      port: null,
      params: { branch: 'z9hG4bK3163415' },
    });
    expect(parseVia('SIP/2.0/WS 127.0.0.1:8088;rport;branch=z9hG4bKPj1')).toMatchObject({
      port: 8088,
      params: { rport: null, branch: 'z9hG4bKPj1' },
    });
    expect(parseCSeq('102 invite')).toEqual({ seq: 102, method: 'INVITE' });
  });

  it('parses SIP.js digest credentials, quoted and bare', () => {
    expect(
      parseDigestCredentials(
        'Digest algorithm=MD5, username="1004", realm="asterisk", nonce="n1", uri="sip:127.0.0.1", response="r1", opaque="o1", qop=auth, cnonce="c1", nc=00000001',
      ),
    ).toEqual({
      algorithm: 'MD5',
      username: '1004',
      realm: 'asterisk',
      nonce: 'n1',
      uri: 'sip:127.0.0.1',
      response: 'r1',
      opaque: 'o1',
      qop: 'auth',
      cnonce: 'c1',
      nc: '00000001',
    });
    expect(parseDigestCredentials('Basic abc')).toBeNull();
  });
});
