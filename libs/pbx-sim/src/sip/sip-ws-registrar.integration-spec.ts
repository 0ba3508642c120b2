import { computeDigestResponse } from './sip-digest.auth';
import { parseDigestCredentials, parseNameAddr, parseVia } from './sip-header.parser';
import {
  getHeader,
  getHeaderValues,
  SipHeader,
  SipMessage,
  SipRequest,
  SipResponse,
} from './sip-message.codec';
import { buildResponse } from './sip-message.factory';
import { SipWsRegistrar, SipWsRegistrarOptions } from './sip-ws-registrar';
import { RawSipWsClient } from './testing/raw-sip-ws.client';
import { RecordingCallObserver, RecordingSipListener } from './testing/recording-sip-listener';

const CONTACT_URI = 'sip:k3j2abcd@q1w2e3r4.invalid;transport=ws';

function isResponse(status: number, method = 'REGISTER'): (message: SipMessage) => boolean {
  return (message) =>
    message.kind === 'response' &&
    message.status === status &&
    (getHeader(message, 'CSeq') ?? '').endsWith(method);
}

function isRequest(method: string): (message: SipMessage) => boolean {
  return (message) => message.kind === 'request' && message.method === method;
}

let cseq = 1;

function register(
  options: { endpoint?: string; expires?: string; contact?: string; extra?: SipHeader[] } = {},
): SipRequest {
  const endpoint = options.endpoint ?? '1004';
  return {
    kind: 'request',
    method: 'REGISTER',
    uri: 'sip:127.0.0.1',
    headers: [
      { name: 'Via', value: `SIP/2.0/WS q1w2e3r4.invalid;branch=z9hG4bK${cseq}` },
      { name: 'To', value: `<sip:${endpoint}@127.0.0.1>` },
      { name: 'From', value: `<sip:${endpoint}@127.0.0.1>;tag=raw` },
      { name: 'CSeq', value: `${cseq++} REGISTER` },
      { name: 'Call-ID', value: 'raw-call-id' },
      { name: 'Contact', value: options.contact ?? `<${CONTACT_URI}>` },
      ...(options.expires === undefined ? [] : [{ name: 'Expires', value: options.expires }]),
      { name: 'User-Agent', value: 'raw-test' },
      ...(options.extra ?? []),
    ],
    body: '',
  };
}

function authorization(challenge: SipMessage, password: string, endpoint = '1004'): SipHeader {
  const fields = parseDigestCredentials(getHeader(challenge, 'WWW-Authenticate') ?? '') ?? {};
  const base = { username: endpoint, realm: fields['realm'], nonce: fields['nonce'], uri: 'sip:127.0.0.1' };
  const response = computeDigestResponse(
    { ...base, qop: 'auth', nc: '00000001', cnonce: 'abc' },
    'REGISTER',
    password,
  );
  return {
    name: 'Authorization',
    value: `Digest username="${endpoint}", realm="${base.realm}", nonce="${base.nonce}", uri="${base.uri}", response="${response}", qop=auth, nc=00000001, cnonce="abc", algorithm=MD5`,
  };
}

/** REGISTER, answer the 401, return the final response. */
async function registerWithAuth(
  client: RawSipWsClient,
  options: { endpoint?: string; expires?: string; contact?: string; password?: string } = {},
): Promise<SipResponse> {
  client.send(register(options));
  const challenge = await client.next(isResponse(401), 2000, '401 challenge');
  client.send(
    register({
      ...options,
      extra: [authorization(challenge, options.password ?? 'secret', options.endpoint)],
    }),
  );
  return (await client.next(
    (message) => message.kind === 'response',
    2000,
    'final REGISTER response',
  )) as SipResponse;
}

describe('SipWsRegistrar (raw SIP over WebSocket)', () => {
  const registrars: SipWsRegistrar[] = [];
  const clients: RawSipWsClient[] = [];
  let listener: RecordingSipListener;

  async function start(
    options: Partial<SipWsRegistrarOptions> = {},
  ): Promise<{ registrar: SipWsRegistrar; url: string; client: RawSipWsClient }> {
    listener = new RecordingSipListener();
    const registrar = new SipWsRegistrar({
      endpoints: [{ name: '1004', password: 'secret' }],
      listener,
      qualifyFrequencyMs: 0,
      ...options,
    });
    registrars.push(registrar);
    const port = await registrar.start({ port: 0 });
    const url = `ws://127.0.0.1:${port}/ws`;
    const client = await RawSipWsClient.connect(url);
    clients.push(client);
    return { registrar, url, client };
  }

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.close()));
    await Promise.all(registrars.splice(0).map((registrar) => registrar.stop()));
  });

  it('binds the contact under an Asterisk-style URI and answers with Contact;expires and Date', async () => {
    const now = Date.UTC(2026, 10, 22, 21, 6, 45);
    const { registrar, client } = await start({ now: () => now });

    const ok = await registerWithAuth(client, { expires: '300' });

    expect(ok.status).toBe(200);
    expect(getHeader(ok, 'Contact')).toBe(`<${CONTACT_URI}>;expires=300`);
    expect(getHeader(ok, 'Date')).toBe('Sun, 22 Nov 2026 21:06:45 GMT');
    expect(registrar.contacts()).toEqual([
      {
        endpoint: '1004',
        uri: `sip:k3j2abcd@127.0.0.1:${client.localPort};transport=WS;x-ast-orig-host=q1w2e3r4.invalid:0`,
        userAgent: 'raw-test',
        viaAddr: '127.0.0.1',
        viaPort: client.localPort,
        callId: 'raw-call-id',
        expiresAt: now / 1000 + 300,
      },
    ]);
    expect(listener.types()).toEqual(['challengeSent', 'authSucceeded', 'contactAdded']);
  });

  it('qualifies with OPTIONS to the registered URI: silence makes the contact unreachable, an answer reachable', async () => {
    const { client } = await start({ qualifyFrequencyMs: 400, qualifyTimeoutMs: 250 });
    await registerWithAuth(client);

    const firstQualify = (await client.next(isRequest('OPTIONS'))) as SipRequest;
    expect(firstQualify.uri).toBe(CONTACT_URI);
    await listener.waitFor('contactUnreachable');

    const secondQualify = (await client.next(isRequest('OPTIONS'))) as SipRequest;
    client.send(buildResponse(secondQualify, 200));
    const reachable = await listener.waitFor('contactReachable');

    expect(reachable.roundtripUsec).toBeGreaterThan(0);
    expect(listener.types()).toEqual([
      'challengeSent',
      'authSucceeded',
      'contactAdded',
      'contactUnreachable',
      'contactReachable',
    ]);
  });

  it('under an unreachable fault loses the qualify answers, and after restore qualifies at once', async () => {
    const { registrar, client } = await start({ qualifyFrequencyMs: 200, qualifyTimeoutMs: 150 });
    await registerWithAuth(client);
    client.send(buildResponse((await client.next(isRequest('OPTIONS'))) as SipRequest, 200));
    await listener.waitFor('contactReachable');

    registrar.setEndpointFault('1004', 'unreachable');
    await listener.waitFor('contactUnreachable');
    client.send(buildResponse((await client.next(isRequest('OPTIONS'))) as SipRequest, 200));
    client.send(buildResponse((await client.next(isRequest('OPTIONS'))) as SipRequest, 200));
    expect(listener.types().filter((t) => t === 'contactReachable')).toHaveLength(1);

    registrar.setEndpointFault('1004', null);
    client.send(buildResponse((await client.next(isRequest('OPTIONS'))) as SipRequest, 200));
    await listener.waitFor('contactReachable');
    expect(listener.types().slice(-2)).toEqual(['contactUnreachable', 'contactReachable']);
  });

  it('under an unregister fault drops the binding and loses REGISTERs until restored', async () => {
    const { registrar, client } = await start();
    await registerWithAuth(client);
    registrar.setEndpointFault('1004', 'unregister');
    const removed = await listener.waitFor('contactRemoved');
    expect([removed.cause, registrar.hasContact('1004')]).toEqual(['unregister', false]);

    client.send(register());
    await expect(client.next((m) => m.kind === 'response', 300, 'no answer')).rejects.toThrow();

    registrar.setEndpointFault('1004', null);
    expect((await registerWithAuth(client)).status).toBe(200);
    expect(registrar.hasContact('1004')).toBe(true);
  });

  it('reports reachability only when it changes', async () => {
    const { client } = await start({ qualifyFrequencyMs: 100, qualifyTimeoutMs: 1000 });
    await registerWithAuth(client);

    for (let round = 0; round < 3; round++) {
      const qualify = (await client.next(isRequest('OPTIONS'))) as SipRequest;
      client.send(buildResponse(qualify, 200));
    }

    expect(listener.types().filter((type) => type === 'contactReachable')).toHaveLength(1);
  });

  it('expires a registration that is not refreshed', async () => {
    const { registrar, client } = await start({ minimumExpirationSec: 1 });
    const ok = await registerWithAuth(client, { expires: '1' });
    expect(getHeader(ok, 'Contact')).toBe(`<${CONTACT_URI}>;expires=1`);

    const removed = await listener.waitFor('contactRemoved', 2500);

    expect(removed.cause).toBe('expired');
    expect(registrar.hasContact('1004')).toBe(false);
  });

  it('refreshes an existing binding without reporting it again', async () => {
    const { client } = await start();
    await registerWithAuth(client, { contact: `<${CONTACT_URI}>;expires=600` });
    await registerWithAuth(client, { contact: `<${CONTACT_URI}>;expires=900` });

    expect(listener.types().filter((type) => type.startsWith('contact'))).toEqual(['contactAdded']);
  });

  it('answers 423 with Min-Expires below the minimum expiration', async () => {
    const { registrar, client } = await start({ minimumExpirationSec: 15 });

    const response = await registerWithAuth(client, { expires: '5' });

    expect(response.status).toBe(423);
    expect(getHeader(response, 'Min-Expires')).toBe('15');
    expect(registrar.hasContact('1004')).toBe(false);
  });

  it('removes the binding on Contact: * with Expires: 0', async () => {
    const { client } = await start();
    await registerWithAuth(client);

    const response = await registerWithAuth(client, { contact: '*', expires: '0' });

    expect(response.status).toBe(200);
    expect((await listener.waitFor('contactRemoved')).cause).toBe('unregister');
  });

  it('challenges again with stale=true once the nonce is older than its lifetime', async () => {
    let now = Date.now();
    const { client } = await start({ now: () => now });
    client.send(register());
    const challenge = await client.next(isResponse(401));
    now += 40_000;

    client.send(register({ extra: [authorization(challenge, 'secret')] }));
    const again = await client.next(isResponse(401));

    expect(getHeader(again, 'WWW-Authenticate')).toMatch(/stale=true/);
    expect(listener.types()).toEqual(['challengeSent', 'challengeSent']);
  });

  it('answers a wrong password with a fresh 401 and authFailed', async () => {
    const { registrar, client } = await start();

    const response = await registerWithAuth(client, { password: 'nope' });

    expect(response.status).toBe(401);
    expect(getHeader(response, 'WWW-Authenticate')).toMatch(
      /^Digest realm="asterisk",nonce="[0-9a-f]+".*qop="auth"/,
    );
    expect(listener.types()).toEqual(['challengeSent', 'authFailed']);
    expect(registrar.hasContact('1004')).toBe(false);
  });

  it('answers 404 to a REGISTER for an unknown endpoint without reporting anything', async () => {
    const { client } = await start();

    client.send(register({ endpoint: '9999' }));

    expect(await client.next(isResponse(404))).toBeDefined();
    expect(listener.types()).toEqual([]);
  });

  it('answers the phone: OPTIONS 200, SUBSCRIBE 405 with Allow, unknown method 501, stray BYE 481', async () => {
    const { client } = await start();
    const request = (method: string): SipRequest => ({
      ...register(),
      method,
      headers: register().headers.map((header) =>
        header.name === 'CSeq' ? { name: 'CSeq', value: `1 ${method}` } : header,
      ),
    });

    client.send(request('OPTIONS'));
    client.send(request('SUBSCRIBE'));
    client.send(request('FOO'));
    client.send(request('BYE'));

    expect(await client.next(isResponse(200, 'OPTIONS'))).toBeDefined();
    const notAllowed = await client.next(isResponse(405, 'SUBSCRIBE'));
    expect(getHeader(notAllowed, 'Allow')).toContain('REGISTER');
    expect(await client.next(isResponse(501, 'FOO'))).toBeDefined();
    expect(await client.next(isResponse(481, 'BYE'))).toBeDefined();
  });

  it('parses compact headers from the phone', async () => {
    const { registrar, client } = await start();
    client.send(
      [
        'REGISTER sip:127.0.0.1 SIP/2.0',
        'v: SIP/2.0/WS q1w2e3r4.invalid;branch=z9hG4bKc1',
        't: <sip:1004@127.0.0.1>',
        'f: <sip:1004@127.0.0.1>;tag=c',
        'CSeq: 1 REGISTER',
        'i: compact-call',
        `m: <${CONTACT_URI}>;expires=60`,
        'l: 0',
        '',
        '',
      ].join('\r\n'),
    );
    const challenge = await client.next(isResponse(401));
    expect(getHeader(challenge, 'Call-ID')).toBe('compact-call');
    expect(parseVia(getHeaderValues(challenge, 'Via')[0]).params['branch']).toBe('z9hG4bKc1');

    await registerWithAuth(client);

    expect(registrar.hasContact('1004')).toBe(true);
  });

  it('refuses a WebSocket that does not offer the sip subprotocol', async () => {
    const { url } = await start();

    await expect(RawSipWsClient.connect(url, ['chat'])).rejects.toThrow(/400|401|Unexpected server response/);
  });

  describe('outgoing INVITE', () => {
    async function registeredClient(): Promise<{ registrar: SipWsRegistrar; client: RawSipWsClient }> {
      const started = await start();
      await registerWithAuth(started.client);
      return started;
    }

    function answer(invite: SipRequest, status: number, toTag = 'phone-tag'): SipResponse {
      return buildResponse(invite, status, {
        toTag,
        headers:
          status === 200
            ? [{ name: 'Contact', value: '<sip:k3j2abcd@q1w2e3r4.invalid;transport=ws;ob>' }]
            : [],
      });
    }

    it('sends an SDP offer with caller id, ACKs the 200 to its Contact (again on a retransmission)', async () => {
      const { registrar, client } = await registeredClient();
      const observer = new RecordingCallObserver();
      const handle = registrar.invite(
        { endpoint: '1004', callerNumber: '+15551230001', callerName: 'Customer One' },
        observer,
      );

      const invite = (await client.next(isRequest('INVITE'))) as SipRequest;
      expect(invite.uri).toBe(CONTACT_URI);
      expect(getHeader(invite, 'Call-ID')).toBe(handle.callId);
      expect(parseNameAddr(getHeader(invite, 'From') ?? '')).toMatchObject({
        displayName: 'Customer One',
        uri: 'sip:+15551230001@127.0.0.1',
      });
      expect(getHeader(invite, 'Content-Type')).toBe('application/sdp');
      expect(invite.body).toMatch(/a=fingerprint:sha-256 ([0-9A-F]{2}:){31}[0-9A-F]{2}\r\n/);

      client.send(answer(invite, 100));
      client.send(answer(invite, 200));
      const ack = (await client.next(isRequest('ACK'))) as SipRequest;
      expect(ack.uri).toBe('sip:k3j2abcd@q1w2e3r4.invalid;transport=ws;ob');
      expect(parseNameAddr(getHeader(ack, 'To') ?? '').params['tag']).toBe('phone-tag');
      expect(getHeader(ack, 'CSeq')).toBe(`${getHeader(invite, 'CSeq')?.split(' ')[0]} ACK`);

      client.send(answer(invite, 200));
      await client.next(isRequest('ACK'));
      expect(observer.events).toEqual(['answered']);

      handle.hangup();
      const bye = (await client.next(isRequest('BYE'))) as SipRequest;
      expect(getHeader(bye, 'Call-ID')).toBe(handle.callId);
      expect(observer.events).toEqual(['answered', 'ended:local-bye']);
    });

    it('holds a CANCEL until the first provisional response, with the INVITE branch', async () => {
      const { registrar, client } = await registeredClient();
      const observer = new RecordingCallObserver();
      const handle = registrar.invite({ endpoint: '1004', callerNumber: '100', callerName: '' }, observer);
      const invite = (await client.next(isRequest('INVITE'))) as SipRequest;

      handle.hangup();
      expect(observer.events).toEqual(['ended:cancelled']);
      client.send(answer(invite, 180));

      const cancel = (await client.next(isRequest('CANCEL'))) as SipRequest;
      expect(getHeaderValues(cancel, 'Via')[0]).toBe(getHeaderValues(invite, 'Via')[0]);
      expect(cancel.uri).toBe(invite.uri);
      client.send(answer(invite, 487));
      const ack = (await client.next(isRequest('ACK'))) as SipRequest;
      expect(getHeaderValues(ack, 'Via')[0]).toBe(getHeaderValues(invite, 'Via')[0]);
      expect(observer.events).toEqual(['ended:cancelled']);
    });

    it('hangs up with BYE when the phone answers a call that was already cancelled', async () => {
      const { registrar, client } = await registeredClient();
      const observer = new RecordingCallObserver();
      const handle = registrar.invite({ endpoint: '1004', callerNumber: '100', callerName: '' }, observer);
      const invite = (await client.next(isRequest('INVITE'))) as SipRequest;
      client.send(answer(invite, 180));
      await observer.waitFor('ringing');

      handle.hangup();
      await client.next(isRequest('CANCEL'));
      client.send(answer(invite, 200));

      await client.next(isRequest('ACK'));
      await client.next(isRequest('BYE'));
      expect(observer.events).toEqual(['ringing', 'ended:cancelled']);
    });
  });
});
