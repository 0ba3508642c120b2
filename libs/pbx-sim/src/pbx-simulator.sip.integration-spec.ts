import type { Invitation } from 'sip.js';
import { PbxSimulator } from './pbx-simulator';
import { SipJsTestPhone } from './sip/testing/sip-js-test-phone';
import { AmiTestClient, WireMessage, get, readFixture } from './testing/ami-test.client';

// The acceptance line of the SIP-over-WebSocket registrar: a real SIP.js 0.21 UserAgent (fake media) drives
// the simulator while a real AMI TCP session records what a backend would see. Every expected sequence is the
// one Asterisk 22 printed for agent 1001 (a UDP SIPp phone) in the fixtures, read from the fixture files.

const ENDPOINT = '1004';
const FIXTURE_ENDPOINT = '1001';
const QUEUES = ['support', 'sales'] as const;
const CALL_EVENTS = new Set(['AgentCalled', 'AgentConnect', 'AgentComplete']);
// Every event of a step is emitted within a few ms of the SIP message that caused it.
const QUIET_MS = 150;
// Asterisk 22 WS contacts: source address of the socket, original (random `.invalid`) host kept aside.
const WS_CONTACT_URI =
  /^sip:[A-Za-z0-9]+@127\.0\.0\.1:\d{1,5};transport=WS;x-ast-orig-host=[a-z0-9]+\.invalid:0$/;

/** Does this AMI event describe the endpoint's phone, device or queue membership? */
const concerns = (m: WireMessage, endpoint: string): boolean => {
  const event = get(m, 'Event') ?? '';
  const iface = `PJSIP/${endpoint}`;
  if (event === 'ChallengeSent' || event === 'SuccessfulAuth')
    return get(m, 'Service') === 'PJSIP' && get(m, 'AccountID') === endpoint;
  if (event === 'ContactStatus') return get(m, 'EndpointName') === endpoint;
  if (event === 'PeerStatus') return get(m, 'Peer') === iface;
  if (event === 'DeviceStateChange') return get(m, 'Device') === iface;
  if (event === 'QueueMemberStatus' || CALL_EVENTS.has(event)) return get(m, 'Interface') === iface;
  return false;
};

/** One readable line per event: the name plus the value a backend acts on. */
const step = (m: WireMessage): string => {
  const event = get(m, 'Event') ?? '';
  switch (event) {
    case 'ContactStatus':
      return `ContactStatus ${get(m, 'ContactStatus')}`;
    case 'PeerStatus':
      return `PeerStatus ${get(m, 'PeerStatus')}`;
    case 'DeviceStateChange':
      return `DeviceStateChange ${get(m, 'State')}`;
    case 'QueueMemberStatus':
      return `QueueMemberStatus ${get(m, 'Queue')} ${get(m, 'Status')}`;
    default:
      return CALL_EVENTS.has(event) ? `${event} ${get(m, 'Queue')}` : event;
  }
};

const REGISTER_FIXTURE = readFixture('register_unregister.ami');
const CALL_FIXTURE = readFixture('queue_call_answered.ami');

const fixtureSteps = (fixture: WireMessage[]): string[] =>
  fixture.filter((m) => concerns(m, FIXTURE_ENDPOINT)).map(step);

/** 1001's register_unregister.ami steps, split where its explicit unREGISTER is challenged. */
const fixtureRegistration = (): { register: string[]; unregister: string[] } => {
  const steps = fixtureSteps(REGISTER_FIXTURE);
  const unregisterAt = steps.indexOf('ChallengeSent', 1);
  return { register: steps.slice(0, unregisterAt), unregister: steps.slice(unregisterAt) };
};

/** Header names of the fixture's event of that name (Service PJSIP for the security events). */
const fixtureHeaderNames = (event: string): string[] => {
  const ref = [...REGISTER_FIXTURE, ...CALL_FIXTURE].find(
    (m) => get(m, 'Event') === event && get(m, 'Service') !== 'AMI',
  );
  if (!ref) throw new Error(`no ${event} in the fixtures`);
  return ref.map(([k]) => k);
};

const headerNames = (m: WireMessage): string[] => m.map(([k]) => k);

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe('PbxSimulator with a SIP.js WebRTC phone on the SIP WebSocket registrar', () => {
  let sim: PbxSimulator;
  let ami: AmiTestClient;
  const phones: SipJsTestPhone[] = [];

  const newPhone = async (): Promise<SipJsTestPhone> => {
    const phone = new SipJsTestPhone({
      server: `ws://127.0.0.1:${sim.sipWsPort}/ws`,
      endpoint: ENDPOINT,
      password: 'secret',
    });
    phones.push(phone);
    await phone.start();
    return phone;
  };

  /**
   * The endpoint's events from AMI message index `from` on, once `count` have arrived and nothing more came
   * for QUIET_MS: a trailing extra event must fail the exact-sequence assertions, not slip into the next step.
   */
  const collect = async (from: number, count: number, timeoutMs = 5000): Promise<WireMessage[]> => {
    const deadline = Date.now() + timeoutMs;
    const mine = () => ami.messages.slice(from).filter((m) => concerns(m, ENDPOINT));
    while (mine().length < count && Date.now() < deadline) await sleep(10);
    let seen = -1;
    while (seen !== mine().length) {
      seen = mine().length;
      await sleep(QUIET_MS);
    }
    return mine();
  };

  const expectFixtureHeaders = (events: WireMessage[]): void => {
    for (const m of events)
      expect({ event: get(m, 'Event'), headers: headerNames(m) }).toEqual({
        event: get(m, 'Event'),
        headers: fixtureHeaderNames(get(m, 'Event') ?? ''),
      });
  };

  beforeAll(async () => {
    sim = await PbxSimulator.start({
      sipWsPort: 0,
      topology: 'lab',
      httpPort: null,
      sipPassword: () => 'secret',
      // Queue timers (wrap-up 5 s) run 5x faster; the SIP registrar keeps real time.
      speed: 5,
    });
    ami = await AmiTestClient.connect(sim.amiPort);
    await ami.login('admin', 'admin', 'on');
    for (const queue of QUEUES)
      sim.model.addMember(queue, `PJSIP/${ENDPOINT}`, {
        name: `Agent ${ENDPOINT}`,
        stateInterface: `PJSIP/${ENDPOINT}`,
      });
  });

  afterAll(async () => {
    for (const phone of phones) await phone.stop();
    ami.close();
    await sim.stop();
  });

  it('reads the expected sequences from the Asterisk 22 fixtures', () => {
    expect(fixtureRegistration()).toEqual({
      register: [
        'ChallengeSent',
        'SuccessfulAuth',
        'ContactStatus NonQualified',
        'PeerStatus Reachable',
        'DeviceStateChange NOT_INUSE',
        'ContactStatus Reachable',
        'QueueMemberStatus support 1',
        'QueueMemberStatus sales 1',
      ],
      unregister: [
        'ChallengeSent',
        'SuccessfulAuth',
        'PeerStatus Unreachable',
        'QueueMemberStatus support 5',
        'QueueMemberStatus sales 5',
        'DeviceStateChange UNAVAILABLE',
        'ContactStatus Removed',
      ],
    });
  });

  describe('first run: register, answer a queue call, hang up, unregister', () => {
    let phone: SipJsTestPhone;
    let contactUri = '';

    it('emits the registration sequence of register_unregister.ami with a WS contact URI', async () => {
      phone = await newPhone();
      const from = ami.messages.length;
      expect(await phone.register()).toEqual({ accepted: true });
      const expected = fixtureRegistration().register;
      const events = await collect(from, expected.length);
      expect(events.map(step)).toEqual(expected);
      expectFixtureHeaders(events);
      const uris = events.filter((m) => get(m, 'Event') === 'ContactStatus').map((m) => get(m, 'URI'));
      contactUri = uris[0] ?? '';
      expect(contactUri).toMatch(WS_CONTACT_URI);
      expect(uris).toEqual([contactUri, contactUri]);
      expect(get(events[0], 'RemoteAddress')).toMatch(/^IPV4\/WS\/127\.0\.0\.1\/\d+$/);
    });

    it('rings the phone with an SDP offer and reports the queue call like queue_call_answered.ami', async () => {
      const from = ami.messages.length;
      // As in the fixture: Local/500 runs Queue(sales,r), where 1004 is the only available member.
      sim.model.originate({
        channel: 'Local/500@from-external',
        application: 'Wait',
        data: '20',
        callerId: '"Customer One" <+15551230001>',
        variables: [],
      });
      const invitation: Invitation = await phone.nextInvitation();
      expect(invitation.request.getHeader('Content-Type')).toBe('application/sdp');
      expect(invitation.request.body).toMatch(/^v=0\r\n[\s\S]*\r\nm=audio \d+ /);
      await invitation.accept();
      expect(phone.sessionDescriptionHandlers.at(-1)?.remoteDescriptions).toEqual([invitation.request.body]);
      await ami.waitFor((m) => get(m, 'Event') === 'AgentConnect', 5000, from);
      const bye = ami.messages.length;
      await invitation.bye();
      const expected = fixtureSteps(CALL_FIXTURE);
      const events = await collect(from, expected.length);
      expect(events.map(step)).toEqual(expected);
      expectFixtureHeaders(events);
      const complete = ami.messages.slice(bye).find((m) => get(m, 'Event') === 'AgentComplete');
      expect(complete && get(complete, 'Reason')).toBe('agent');
      expect(sim.groundTruth().channels).toEqual([]);
    });

    it('emits the unregister sequence of register_unregister.ami when the phone unREGISTERs', async () => {
      const from = ami.messages.length;
      await phone.unregister();
      // SIP.js re-sends its Authorization, whose nonce is still within nonce_lifetime (32 s): Asterisk then
      // accepts it without a new 401, so SuccessfulAuth comes without a ChallengeSent (the fixture's one-shot
      // SIPp UAC had no nonce to reuse).
      const expected = fixtureRegistration().unregister.filter((s) => s !== 'ChallengeSent');
      const events = await collect(from, expected.length);
      expect(events.map(step)).toEqual(expected);
      expectFixtureHeaders(events);
      expect(get(events.at(-1) ?? [], 'URI')).toBe(contactUri);
      expect(sim.groundTruth().contacts).toEqual([]);
    });
  });

  describe('second run: the WebSocket just closes', () => {
    it('removes the contact at once and makes the member unavailable in both queues', async () => {
      await phones[0].stop();
      const phone = await newPhone();
      const registered = ami.messages.length;
      expect(await phone.register()).toEqual({ accepted: true });
      const registration = await collect(registered, fixtureRegistration().register.length);
      expect(registration.map(step)).toEqual(fixtureRegistration().register);
      expectFixtureHeaders(registration);
      const uri = get(registration[2], 'URI') ?? '';
      expect(uri).toMatch(WS_CONTACT_URI);

      const from = ami.messages.length;
      const droppedAt = Date.now();
      await phone.dropTransport();
      const isRemoved = (m: WireMessage) =>
        get(m, 'Event') === 'ContactStatus' &&
        get(m, 'EndpointName') === ENDPOINT &&
        get(m, 'ContactStatus') === 'Removed';
      const isUnreachable = (m: WireMessage) =>
        get(m, 'Event') === 'PeerStatus' &&
        get(m, 'Peer') === `PJSIP/${ENDPOINT}` &&
        get(m, 'PeerStatus') === 'Unreachable';
      // Asterisk 22 drops a WS contact when its transport shuts down, not after qualify (3 s) or expiry (600 s).
      await ami.waitFor(isUnreachable, 1000, from);
      await ami.waitFor(isRemoved, 1000, from);
      expect(Date.now() - droppedAt).toBeLessThan(1000);

      // No fixture covers a transport shutdown. Asterisk removes the contact with the same
      // ast_sip_location_delete_contact() as for an unREGISTER, so the order is that of the fixture's
      // explicit unregister, without the authentication of a REGISTER.
      const expected = fixtureRegistration().unregister.filter(
        (s) => s !== 'ChallengeSent' && s !== 'SuccessfulAuth',
      );
      const events = await collect(from, expected.length);
      expect(events.map(step)).toEqual(expected);
      expectFixtureHeaders(events);
      expect(get(events.at(-1) ?? [], 'URI')).toBe(uri);
      const truth = sim.groundTruth();
      expect(truth.contacts).toEqual([]);
      expect(
        truth.queues.map((q) => [
          q.name,
          q.members.find((m) => m.interface === `PJSIP/${ENDPOINT}`)?.status.code,
        ]),
      ).toEqual([
        ['support', 5],
        ['sales', 5],
      ]);
    });
  });
});
