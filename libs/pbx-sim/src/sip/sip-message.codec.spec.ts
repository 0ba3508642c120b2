import {
  getHeader,
  getHeaderValues,
  parseSipMessage,
  serializeSipMessage,
  SipParseError,
  splitHeaderList,
} from './sip-message.codec';

// Captured from SIP.js 0.21.2 (it prints 0.21.1) registering against the simulator.
const SIP_JS_REGISTER = [
  'REGISTER sip:127.0.0.1 SIP/2.0',
  'Via: SIP/2.0/WS 6o034mbkq936.invalid;branch=z9hG4bK6246030',
  'To: <sip:1004@127.0.0.1>',
  'From: <sip:1004@127.0.0.1>;tag=98vld9d3go',
  'CSeq: 3 REGISTER',
  'Call-ID: lqd7k1na4sgpih1usemg',
  'Max-Forwards: 70',
  'Authorization: Digest algorithm=MD5, username="1004", realm="asterisk", nonce="6316c65789fa93f4430282dfba8a11f3", uri="sip:127.0.0.1", response="05f88fc9711a06780b224af88620ac4b", opaque="19092fa08c1bbbd8", qop=auth, cnonce="efk9jpogq1h9", nc=00000001',
  'Contact: <sip:2pvrtpvf@6o034mbkq936.invalid;transport=ws>;expires=600',
  'Allow: ACK,CANCEL,INVITE,MESSAGE,BYE,OPTIONS,INFO,NOTIFY,REFER',
  'Supported: outbound, path, gruu',
  'User-Agent: SIP.js/0.21.1',
  'Content-Length: 0',
  '',
  '',
].join('\r\n');

describe('parseSipMessage', () => {
  it('parses a real SIP.js REGISTER', () => {
    const message = parseSipMessage(SIP_JS_REGISTER);

    expect(message).toMatchObject({ kind: 'request', method: 'REGISTER', uri: 'sip:127.0.0.1', body: '' });
    expect(getHeader(message, 'call-id')).toBe('lqd7k1na4sgpih1usemg');
    expect(getHeader(message, 'CSeq')).toBe('3 REGISTER');
    expect(getHeader(message, 'contact')).toBe(
      '<sip:2pvrtpvf@6o034mbkq936.invalid;transport=ws>;expires=600',
    );
    expect(getHeader(message, 'Authorization')).toContain('response="05f88fc9711a06780b224af88620ac4b"');
    expect(getHeaderValues(message, 'Supported')).toEqual(['outbound', 'path', 'gruu']);
    expect(message.headers.map((header) => header.name)).toEqual([
      'Via',
      'To',
      'From',
      'CSeq',
      'Call-ID',
      'Max-Forwards',
      'Authorization',
      'Contact',
      'Allow',
      'Supported',
      'User-Agent',
      'Content-Length',
    ]);
  });

  it('expands compact header names to their long forms', () => {
    const message = parseSipMessage(
      [
        'INVITE sip:2pvrtpvf@x.invalid;transport=ws SIP/2.0',
        'v: SIP/2.0/WS a.invalid;branch=z9hG4bK1',
        'v: SIP/2.0/WS b.invalid;branch=z9hG4bK2, SIP/2.0/WS c.invalid;branch=z9hG4bK3',
        'f: "Customer, One" <sip:+15551230001@127.0.0.1>;tag=a',
        't: <sip:1004@127.0.0.1>',
        'i: call-1',
        'm: <sip:asterisk@127.0.0.1:8088;transport=ws>',
        'k: timer',
        'c: application/sdp',
        'l: 4',
        '',
        'v=0\r\nextra bytes beyond Content-Length',
      ].join('\r\n'),
    );

    expect(message.headers.map((header) => header.name)).toEqual([
      'Via',
      'Via',
      'From',
      'To',
      'Call-ID',
      'Contact',
      'Supported',
      'Content-Type',
      'Content-Length',
    ]);
    expect(getHeaderValues(message, 'Via')).toEqual([
      'SIP/2.0/WS a.invalid;branch=z9hG4bK1',
      'SIP/2.0/WS b.invalid;branch=z9hG4bK2',
      'SIP/2.0/WS c.invalid;branch=z9hG4bK3',
    ]);
    expect(getHeader(message, 'From')).toBe('"Customer, One" <sip:+15551230001@127.0.0.1>;tag=a');
    expect(message.body).toBe('v=0\r');
  });

  it('parses a response status line and counts Content-Length in bytes', () => {
    const message = parseSipMessage('SIP/2.0 486 Busy Here\r\nCSeq: 1 INVITE\r\nContent-Length: 3\r\n\r\né!');

    expect(message).toMatchObject({ kind: 'response', status: 486, reason: 'Busy Here', body: 'é!' });
  });

  it('unfolds continuation lines', () => {
    const message = parseSipMessage(
      'OPTIONS sip:a@b SIP/2.0\r\nSubject: first\r\n  second\r\nContent-Length: 0\r\n\r\n',
    );

    expect(getHeader(message, 'Subject')).toBe('first second');
  });

  it('rejects garbage start lines and short bodies', () => {
    expect(() => parseSipMessage('HELLO\r\n\r\n')).toThrow(SipParseError);
    expect(() => parseSipMessage('SIP/2.0 200 OK\r\nContent-Length: 10\r\n\r\nshort')).toThrow(SipParseError);
  });
});

describe('serializeSipMessage', () => {
  it('round-trips a REGISTER byte for byte', () => {
    expect(serializeSipMessage(parseSipMessage(SIP_JS_REGISTER))).toBe(SIP_JS_REGISTER);
  });

  it('writes long header names and a Content-Length in bytes, replacing a stale one', () => {
    const text = serializeSipMessage({
      kind: 'response',
      status: 200,
      reason: 'OK',
      headers: [
        { name: 'Call-ID', value: 'x' },
        { name: 'Content-Length', value: '999' },
      ],
      body: 'é',
    });

    expect(text).toBe('SIP/2.0 200 OK\r\nCall-ID: x\r\nContent-Length: 2\r\n\r\né');
    expect(parseSipMessage(text).body).toBe('é');
  });
});

describe('splitHeaderList', () => {
  it('keeps commas inside quotes and angle brackets', () => {
    expect(splitHeaderList('"A, B" <sip:a@b;x=1,2>;q=1, <sip:c@d>')).toEqual([
      '"A, B" <sip:a@b;x=1,2>;q=1',
      '<sip:c@d>',
    ]);
  });
});
