import type { Invitation } from 'sip.js';
import { SipWsRegistrar } from './sip-ws-registrar';
import { RecordingCallObserver, RecordingSipListener, waitUntil } from './testing/recording-sip-listener';
import { loadSipJs } from './testing/sip-js.node-loader';
import { SipJsTestPhone } from './testing/sip-js-test-phone';

const WS_CONTACT_URI = /^sip:[a-z0-9]+@127\.0\.0\.1:\d+;transport=WS;x-ast-orig-host=[a-z0-9]+\.invalid:0$/;

describe('SipWsRegistrar with a real SIP.js 0.21 phone', () => {
  const listener = new RecordingSipListener();
  const registrar = new SipWsRegistrar({
    endpoints: [
      { name: '1004', password: 'secret' },
      { name: '1005', password: 'secret5' },
    ],
    listener,
    qualifyFrequencyMs: 60_000,
    qualifyTimeoutMs: 1000,
  });
  const phones: SipJsTestPhone[] = [];
  let server = '';

  async function registeredPhone(endpoint = '1004', password = 'secret'): Promise<SipJsTestPhone> {
    const phone = new SipJsTestPhone({ server, endpoint, password });
    phones.push(phone);
    await phone.start();
    expect(await phone.register()).toEqual({ accepted: true });
    return phone;
  }

  function inviteFromCustomer(endpoint = '1004'): {
    observer: RecordingCallObserver;
    callId: string;
    hangup(): void;
  } {
    const observer = new RecordingCallObserver();
    const handle = registrar.invite(
      { endpoint, callerNumber: '+15551230001', callerName: 'Customer One' },
      observer,
    );
    return { observer, callId: handle.callId, hangup: () => handle.hangup() };
  }

  function waitForSessionState(invitation: Invitation, state: string): Promise<true> {
    return waitUntil(() => invitation.state === state, 3000, `session state ${state}`);
  }

  beforeAll(async () => {
    const port = await registrar.start({ port: 0, host: '127.0.0.1', path: '/ws' });
    server = `ws://127.0.0.1:${port}/ws`;
  });

  afterEach(async () => {
    await Promise.all(phones.splice(0).map((phone) => phone.stop()));
    await waitUntil(() => registrar.contacts().length === 0, 3000, 'all contacts gone');
    listener.clear();
  });

  afterAll(async () => {
    await registrar.stop();
  });

  it('registers with digest auth, qualifies at once, rings, sees the phone hang up and unregisters', async () => {
    const phone = await registeredPhone();

    const reachable = await listener.waitFor('contactReachable');
    expect(listener.types()).toEqual(['challengeSent', 'authSucceeded', 'contactAdded', 'contactReachable']);
    const [challenge, success, added] = listener.events;
    expect(challenge.type === 'challengeSent' && challenge.attempt).toMatchObject({
      endpoint: '1004',
      remoteAddress: expect.stringMatching(/^IPV4\/WS\/127\.0\.0\.1\/\d+$/),
      localAddress: expect.stringMatching(/^IPV4\/WS\/127\.0\.0\.1\/\d+$/),
    });
    expect(success.type === 'authSucceeded' && success.attempt.endpoint).toBe('1004');
    const contact = added.type === 'contactAdded' ? added.contact : undefined;
    expect(contact?.uri).toMatch(WS_CONTACT_URI);
    expect(contact?.userAgent).toMatch(/SIP\.js/);
    expect(contact?.expiresAt).toBeGreaterThan(Date.now() / 1000 + 500);
    expect(reachable.contact.uri).toBe(contact?.uri);
    expect(reachable.roundtripUsec).toBeGreaterThan(0);
    expect(registrar.hasContact('1004')).toBe(true);

    const call = inviteFromCustomer();
    const invitation = await phone.nextInvitation();
    expect(invitation.remoteIdentity.uri.user).toBe('+15551230001');
    expect(invitation.remoteIdentity.displayName).toBe('Customer One');
    await call.observer.waitFor('ringing');

    await invitation.accept();
    await call.observer.waitFor('answered');
    await waitForSessionState(invitation, loadSipJs().SessionState.Established);
    expect(phone.sessionDescriptionHandlers[0].remoteDescriptions[0]).toMatch(
      /^m=audio \d+ UDP\/TLS\/RTP\/SAVPF /m,
    );

    await invitation.bye();
    await call.observer.waitFor('ended:remote-bye');
    expect(call.observer.events).toEqual(['ringing', 'answered', 'ended:remote-bye']);

    listener.clear();
    await phone.unregister();
    const removed = await listener.waitFor('contactRemoved');
    expect(removed.cause).toBe('unregister');
    expect(removed.contact.uri).toBe(contact?.uri);
    // SIP.js re-sends its cached Authorization and the nonce is still fresh, so no new challenge (as Asterisk).
    expect(listener.types()).toEqual(['authSucceeded', 'contactRemoved']);
    expect(registrar.hasContact('1004')).toBe(false);
  });

  it('removes the contact at once when the WebSocket closes, and ends the call on it', async () => {
    const phone = await registeredPhone();
    await listener.waitFor('contactReachable');
    const call = inviteFromCustomer();
    await phone.nextInvitation();
    await call.observer.waitFor('ringing');

    const closedAt = Date.now();
    await phone.dropTransport();
    const removed = await listener.waitFor('contactRemoved', 1000);
    expect(Date.now() - closedAt).toBeLessThan(1000);
    expect(removed.cause).toBe('transport-closed');
    await call.observer.waitFor('ended:transport-closed');
    expect(registrar.hasContact('1004')).toBe(false);
  });

  it('reports a wrong password as authFailed and binds no contact', async () => {
    const phone = new SipJsTestPhone({ server, endpoint: '1004', password: 'wrong' });
    phones.push(phone);
    await phone.start();

    expect(await phone.register()).toEqual({ accepted: false, statusCode: 401 });
    expect(listener.types()).toEqual(['challengeSent', 'authFailed']);
    expect(registrar.hasContact('1004')).toBe(false);
  });

  it('cancels a ringing call from the PBX side', async () => {
    const phone = await registeredPhone();
    const call = inviteFromCustomer();
    const invitation = await phone.nextInvitation();
    await call.observer.waitFor('ringing');

    call.hangup();
    await waitForSessionState(invitation, loadSipJs().SessionState.Terminated);
    expect(call.observer.events).toEqual(['ringing', 'ended:cancelled']);
  });

  it('sends BYE when the PBX hangs up an answered call', async () => {
    const phone = await registeredPhone();
    const call = inviteFromCustomer();
    const invitation = await phone.nextInvitation();
    await invitation.accept();
    await call.observer.waitFor('answered');
    await waitForSessionState(invitation, loadSipJs().SessionState.Established);

    call.hangup();
    await waitForSessionState(invitation, loadSipJs().SessionState.Terminated);
    expect(call.observer.events).toEqual(['ringing', 'answered', 'ended:local-bye']);
  });

  it('reports a rejected call', async () => {
    const phone = await registeredPhone();
    const call = inviteFromCustomer();
    const invitation = await phone.nextInvitation();
    await invitation.reject({ statusCode: 486 });

    await call.observer.waitFor('ended:rejected');
    await waitForSessionState(invitation, loadSipJs().SessionState.Terminated);
  });

  it('replaces the contact when the same endpoint registers from a second phone', async () => {
    const first = await registeredPhone();
    const firstContact = (await listener.waitFor('contactAdded')).contact;
    listener.clear();

    await registeredPhone();
    const removed = await listener.waitFor('contactRemoved');
    const added = await listener.waitFor('contactAdded');
    expect(removed.contact.uri).toBe(firstContact.uri);
    expect(added.contact.uri).not.toBe(firstContact.uri);
    expect(listener.types().indexOf('contactRemoved')).toBeLessThan(listener.types().indexOf('contactAdded'));
    expect(registrar.contacts()).toHaveLength(1);
    expect(first.registerer.state).toBe('Registered');
  });

  it('ends an invite to an endpoint without contact with no-contact', async () => {
    const call = inviteFromCustomer('1005');
    await call.observer.waitFor('ended:no-contact');
  });
});
