import { readdirSync } from 'node:fs';
import { parseAmiTranscript } from '../ami-frame.parser';
import type { AmiMessage } from '../ami-message';
import { AMI_FIXTURE_DIR, readAmiFixture, readFixtureCounts } from '../testing/ami-fixtures';
import { decodeAmiEvent, isAmiEvent, type AmiEvent, type AmiEventOf, type AmiEventType } from './ami-events';

function frames(file: string): AmiMessage[] {
  return parseAmiTranscript(readAmiFixture(file)).flatMap((item) =>
    item.kind === 'message' ? [item.message] : [],
  );
}

function decoded(file: string): AmiEvent[] {
  return frames(file).flatMap((frame) => {
    const event = decodeAmiEvent(frame);
    return event === null ? [] : [event];
  });
}

function ofType<T extends AmiEventType>(events: readonly AmiEvent[], type: T): AmiEventOf<T>[] {
  return events.filter((event): event is AmiEventOf<T> => isAmiEvent(event, type));
}

// Every field of a decoded event is a defined string, a finite number, a boolean, null or a snapshot.
function undefinedOrNaNPaths(value: unknown, path: string): string[] {
  if (value === undefined) return [path];
  if (typeof value === 'number') return Number.isFinite(value) ? [] : [path];
  if (value !== null && typeof value === 'object')
    return Object.entries(value).flatMap(([key, inner]) => undefinedOrNaNPaths(inner, `${path}.${key}`));
  return [];
}

const fixtureFiles = readdirSync(AMI_FIXTURE_DIR).filter((name) => name.endsWith('.ami'));
const counts = readFixtureCounts();

describe('decodeAmiEvent on the Asterisk 22 transcripts', () => {
  it.each(fixtureFiles)('decodes as many events of each known type as %s holds', (file) => {
    const events = decoded(file);
    const byType: Record<string, number> = {};
    for (const event of events) byType[event.type] = (byType[event.type] ?? 0) + 1;
    // The README's count for every event name the decoder knows (it answers a bare frame of that name).
    const expected = Object.fromEntries(
      Object.entries(counts.get(file)?.events ?? {}).filter(
        ([name]) => decodeAmiEvent({ Event: name }) !== null,
      ),
    );
    expect(byType).toEqual(expected);
    expect(events.length).toBeGreaterThan(0);
  });

  it.each(fixtureFiles)('leaves no field of %s undefined or NaN', (file) => {
    const bad = decoded(file).flatMap((event) => undefinedOrNaNPaths(event, event.type));
    expect(bad).toEqual([]);
  });

  it('returns null for responses and for events no feature uses', () => {
    expect(decodeAmiEvent({ Response: 'Success', ActionID: 'x', Message: 'Queue paused' })).toBeNull();
    expect(decodeAmiEvent({ Event: 'VarSet', Variable: 'QUEUEPOSITION', Value: '1' })).toBeNull();
    expect(decodeAmiEvent({ Event: 'toString' })).toBeNull();
  });
});

describe('a queue call answered by an agent (queue_call_answered.ami)', () => {
  const events = decoded('queue_call_answered.ami');
  const caller = { uniqueid: '1795381651.3', linkedid: '1795381651.2' };
  const agentChannel = 'PJSIP/1001-00000000';

  it('gives the caller, the queue and the position when the caller joins', () => {
    expect(ofType(events, 'QueueCallerJoin')).toEqual([
      {
        type: 'QueueCallerJoin',
        channel: {
          name: 'Local/500@from-external-00000001;2',
          state: 6,
          ...caller,
          callerIdNum: '+15551230001',
          callerIdName: 'Customer One',
          connectedLineNum: '+15551230001',
          connectedLineName: 'Customer One',
          context: 'from-external',
          exten: '500',
        },
        queue: 'sales',
        position: 1,
        count: 1,
      },
    ]);
  });

  it('names the member rung and its channel when the agent is called', () => {
    const [called] = ofType(events, 'AgentCalled');
    expect(called).toMatchObject({
      queue: 'sales',
      interface: 'PJSIP/1001',
      memberName: 'Agent 1001',
      channel: caller,
      agentChannel: { name: agentChannel, uniqueid: '1795381652.4', linkedid: '1795381651.2', state: 0 },
    });
  });

  it('gives wait and ring seconds when the agent connects', () => {
    const [connect] = ofType(events, 'AgentConnect');
    expect(connect).toMatchObject({
      queue: 'sales',
      interface: 'PJSIP/1001',
      holdTime: 2,
      ringTime: 2,
      channel: { ...caller, callerIdNum: '+15551230001', callerIdName: 'Customer One' },
      agentChannel: { name: agentChannel, state: 6 },
    });
  });

  it('gives talk seconds and who hung up when the call completes', () => {
    expect(ofType(events, 'AgentComplete').map((e) => [e.queue, e.holdTime, e.talkTime, e.reason])).toEqual([
      ['sales', 2, 6, 'agent'],
    ]);
  });

  it('has the caller leave the queue with nobody left waiting', () => {
    expect(ofType(events, 'QueueCallerLeave').map((e) => [e.queue, e.channel.uniqueid, e.count])).toEqual([
      ['sales', caller.uniqueid, 0],
    ]);
  });

  it('bridges the agent and the caller in one basic bridge, then the agent leaves it', () => {
    const enters = ofType(events, 'BridgeEnter');
    expect(enters.map((e) => [e.channel.name, e.bridgeNumChannels, e.bridgeType, e.swapUniqueid])).toEqual([
      [agentChannel, 1, 'basic', ''],
      ['Local/500@from-external-00000001;2', 2, 'basic', ''],
    ]);
    expect(new Set(enters.map((e) => e.bridgeUniqueid))).toEqual(
      new Set(['ef1e8c42-875b-4fbe-81d4-0b7a94b3bd5c']),
    );
    expect(ofType(events, 'BridgeLeave').map((e) => [e.channel.name, e.bridgeNumChannels])).toEqual([
      [agentChannel, 1],
      ['Local/500@from-external-00000001;2', 0],
    ]);
  });

  it('hangs up all three channels of the call with normal clearing', () => {
    expect(
      ofType(events, 'Hangup').map((e) => [e.channel.uniqueid, e.channel.linkedid, e.cause, e.causeText]),
    ).toEqual([
      ['1795381651.3', '1795381651.2', 16, 'Normal Clearing'],
      ['1795381651.2', '1795381651.2', 16, 'Normal Clearing'],
      ['1795381652.4', '1795381651.2', 16, 'Normal Clearing'],
    ]);
  });

  it('reads an <unknown> caller id as empty on a fresh channel', () => {
    const [first] = ofType(events, 'Newchannel');
    expect(first.channel).toMatchObject({
      callerIdNum: '',
      callerIdName: '',
      connectedLineNum: '',
      state: 0,
    });
  });

  it('has no dialling channel on the DialBegin of an Originate, and one when the queue dials the agent', () => {
    const dials = ofType(events, 'DialBegin');
    expect(dials.map((e) => [e.channel?.uniqueid ?? null, e.destChannel.name, e.dialString])).toEqual([
      [null, 'Local/500@from-external-00000001;1', '500@from-external'],
      [caller.uniqueid, agentChannel, 'PJSIP/1001'],
    ]);
    expect(ofType(events, 'DialEnd').map((e) => e.dialStatus)).toEqual(['ANSWER', 'ANSWER']);
  });

  it('marks the member ringing, then in use, then free again', () => {
    const sales = ofType(events, 'QueueMemberStatus').filter((e) => e.queue === 'sales');
    expect(sales.map((e) => [e.interface, e.status, e.inCall])).toEqual([
      ['PJSIP/1001', 6, false],
      ['PJSIP/1001', 2, true],
      ['PJSIP/1001', 1, false],
    ]);
  });

  it('answers the Originate with its ActionID, success and reason 4 (answered)', () => {
    expect(ofType(events, 'OriginateResponse')).toEqual([
      {
        type: 'OriginateResponse',
        actionId: 'originate-1',
        success: true,
        channel: 'Local/500@from-external-00000001;1',
        uniqueid: '1795381651.2',
        application: 'Wait',
        data: '20',
        context: '',
        exten: '',
        reason: 4,
        callerIdNum: '+15551230001',
        callerIdName: 'Customer One',
      },
    ]);
  });

  it('lists the channels of the call with their bridge and running time', () => {
    const listed = ofType(events, 'CoreShowChannel');
    const queueLeg = listed.find((e) => e.application === 'Queue');
    expect(queueLeg).toMatchObject({ applicationData: 'sales,r,,,120', durationSec: 3 });
    expect(queueLeg?.bridgeId).toBe('ef1e8c42-875b-4fbe-81d4-0b7a94b3bd5c');
  });
});

describe('pauses and dynamic members (pause_unpause.ami)', () => {
  const events = decoded('pause_unpause.ami');

  it('reports a pause with its reason in every queue, then the unpause without one', () => {
    const pauses = ofType(events, 'QueueMemberPause').filter((e) => e.interface === 'PJSIP/1001');
    expect(pauses.slice(0, 4).map((e) => [e.queue, e.paused, e.pausedReason])).toEqual([
      ['support', true, 'Lunch'],
      ['sales', true, 'Lunch'],
      ['support', false, ''],
      ['sales', false, ''],
    ]);
    expect(pauses[0]).toMatchObject({
      membership: 'static',
      memberName: 'Agent 1001',
      lastPause: 1795381704,
    });
  });

  it('reports a member added by QueueAdd as dynamic, and its removal', () => {
    expect(
      ofType(events, 'QueueMemberAdded').map((e) => [e.queue, e.interface, e.membership, e.paused]),
    ).toEqual([
      ['support', 'PJSIP/1004', 'dynamic', false],
      ['sales', 'Local/agent1@agents/n', 'dynamic', true],
    ]);
    expect(ofType(events, 'QueueMemberRemoved').map((e) => e.interface)).toEqual([
      'PJSIP/1004',
      'Local/agent1@agents/n',
    ]);
    expect(ofType(events, 'QueueMemberPenalty').map((e) => e.penalty)).toEqual([2]);
  });

  it('reads the QueueStatus member list under the same names as the member events (Name, Location)', () => {
    const [listed] = ofType(events, 'QueueMember');
    expect(listed).toMatchObject({
      queue: 'sales',
      memberName: 'Agent 1001',
      interface: 'PJSIP/1001',
      paused: true,
      pausedReason: 'Lunch',
      callsTaken: 1,
    });
  });

  it('decodes the pause pseudo-devices as device state changes', () => {
    expect(ofType(events, 'DeviceStateChange')[0]).toEqual({
      type: 'DeviceStateChange',
      device: 'Queue:support_pause_PJSIP/1001',
      state: 'INUSE',
    });
  });
});

describe('registrations (register_unregister.ami)', () => {
  const events = decoded('register_unregister.ami');

  it('follows each contact from NonQualified through Reachable to Removed', () => {
    const of1001 = ofType(events, 'ContactStatus').filter((e) => e.aor === '1001');
    expect(of1001.map((e) => e.contactStatus)).toEqual(['NonQualified', 'Reachable', 'Removed']);
    expect(of1001[0]).toMatchObject({
      endpointName: '1001',
      uri: 'sip:1001@127.0.0.1:5081',
      roundtripUsec: 0,
    });
  });

  it('reports the peer reachable, then unreachable', () => {
    expect(ofType(events, 'PeerStatus').map((e) => [e.peer, e.peerStatus, e.channelType])).toEqual([
      ['PJSIP/1001', 'Reachable', 'PJSIP'],
      ['PJSIP/1002', 'Reachable', 'PJSIP'],
      ['PJSIP/1001', 'Unreachable', 'PJSIP'],
      ['PJSIP/1002', 'Unreachable', 'PJSIP'],
    ]);
  });

  it('reports the member unavailable (5) when its phone unregisters', () => {
    const statuses = ofType(events, 'QueueMemberStatus').map((e) => [e.queue, e.interface, e.status]);
    expect(statuses).toContainEqual(['sales', 'PJSIP/1001', 5]);
  });

  it('reads FullyBooted uptime and last reload in seconds', () => {
    expect(ofType(events, 'FullyBooted')).toHaveLength(1);
    expect(ofType(events, 'FullyBooted')[0].uptime).toBeGreaterThan(0);
  });
});

describe('the lists a rebuild or the endpoint check reads (startup_state.ami)', () => {
  const events = decoded('startup_state.ami');

  it('reads the registration list with status, user agent and expiry', () => {
    expect(ofType(events, 'ContactStatusDetail')).toEqual([
      {
        type: 'ContactStatusDetail',
        aor: '1001',
        endpointName: '1001',
        uri: 'sip:1001@127.0.0.1:5081',
        status: 'Reachable',
        userAgent: 'SIPp-agent-phone',
        regExpire: 1795381893,
        roundtripUsec: 648,
      },
    ]);
    expect(ofType(events, 'ContactList').map((e) => [e.endpoint, e.uri, e.status, e.expirationTime])).toEqual(
      [['1001', 'sip:1001@127.0.0.1:5081', 'Reachable', 1795381893]],
    );
  });

  it('reads the endpoint list with each endpoint device state', () => {
    const endpoints = ofType(events, 'EndpointList');
    expect(endpoints.map((e) => e.endpoint)).toEqual(['1001', '1002', '1003', '1004', '1005']);
    expect(endpoints[0]).toMatchObject({ aor: '1001', deviceState: 'Not in use', activeChannels: 0 });
  });

  it('reads the app_agent_pool agent list', () => {
    expect(ofType(events, 'Agents')).toEqual([
      { type: 'Agents', agent: '7001', name: 'Pool Agent 7001', status: 'AGENT_LOGGEDOFF' },
    ]);
  });

  it('reads the waiting caller with its wait', () => {
    expect(ofType(events, 'QueueEntry')).toEqual([
      {
        type: 'QueueEntry',
        queue: 'support',
        position: 1,
        channel: 'Local/501@from-external-00000000;2',
        uniqueid: '1795381593.1',
        callerIdNum: '+15551230009',
        callerIdName: 'Customer Waiting',
        wait: 4,
      },
    ]);
  });
});

// The transcripts cover no abandon, ring-no-answer, hold or transfer. These frames follow the format
// strings of Asterisk 22.10.1: app_queue.c record_abandoned() and rna(), manager_channels.c
// channel_hold_cb(), stasis_bridges.c blind_transfer_to_ami() / attended_transfer_to_ami(), with the
// channel headers of ast_manager_build_channel_state_string_prefix().
function channelHeaders(
  prefix: string,
  name: string,
  uniqueid: string,
  linkedid: string,
): Record<string, string> {
  return {
    [`${prefix}Channel`]: name,
    [`${prefix}ChannelState`]: '6',
    [`${prefix}ChannelStateDesc`]: 'Up',
    [`${prefix}CallerIDNum`]: '+15551230001',
    [`${prefix}CallerIDName`]: 'Customer One',
    [`${prefix}ConnectedLineNum`]: '<unknown>',
    [`${prefix}ConnectedLineName`]: '<unknown>',
    [`${prefix}Language`]: 'en',
    [`${prefix}AccountCode`]: '',
    [`${prefix}Context`]: 'from-external',
    [`${prefix}Exten`]: '500',
    [`${prefix}Priority`]: '3',
    [`${prefix}Uniqueid`]: uniqueid,
    [`${prefix}Linkedid`]: linkedid,
  };
}

describe('events no transcript covers, in the format of Asterisk 22 source', () => {
  const caller = channelHeaders('', 'Local/500@from-external-00000002;2', '1795381700.7', '1795381700.6');

  it('gives the wait of an abandoned caller and both positions', () => {
    const event = decodeAmiEvent({
      Event: 'QueueCallerAbandon',
      Privilege: 'agent,all',
      ...caller,
      Queue: 'sales',
      Position: '2',
      OriginalPosition: '3',
      HoldTime: '14',
    });
    expect(event).toMatchObject({
      type: 'QueueCallerAbandon',
      queue: 'sales',
      position: 2,
      originalPosition: 3,
      holdTime: 14,
      channel: { uniqueid: '1795381700.7', linkedid: '1795381700.6', connectedLineNum: '' },
    });
  });

  it('keeps the ring time of an unanswered member in milliseconds', () => {
    const event = decodeAmiEvent({
      Event: 'AgentRingNoAnswer',
      ...caller,
      ...channelHeaders('Dest', 'PJSIP/1002-00000009', '1795381701.8', '1795381700.6'),
      Queue: 'sales',
      Interface: 'PJSIP/1002',
      MemberName: 'Agent 1002',
      RingTime: '15000',
    });
    expect(event).toMatchObject({
      type: 'AgentRingNoAnswer',
      ringTimeMs: 15000,
      interface: 'PJSIP/1002',
      agentChannel: { name: 'PJSIP/1002-00000009' },
    });
  });

  it('decodes hold with its music class and unhold', () => {
    const agent = channelHeaders('', 'PJSIP/1001-00000003', '1795381702.9', '1795381700.6');
    expect(decodeAmiEvent({ Event: 'Hold', ...agent, MusicClass: 'default' })).toMatchObject({
      type: 'Hold',
      musicClass: 'default',
      channel: { uniqueid: '1795381702.9' },
    });
    expect(decodeAmiEvent({ Event: 'Hold', ...agent })).toMatchObject({ musicClass: '' });
    expect(decodeAmiEvent({ Event: 'Unhold', ...agent })).toMatchObject({
      type: 'Unhold',
      channel: { name: 'PJSIP/1001-00000003' },
    });
  });

  it('decodes a blind transfer with the transferer, the transferee and the target extension', () => {
    const event = decodeAmiEvent({
      Event: 'BlindTransfer',
      Result: 'Success',
      ...channelHeaders('Transferer', 'PJSIP/1001-00000003', '1795381702.9', '1795381700.6'),
      ...channelHeaders('Transferee', 'Local/500@from-external-00000002;2', '1795381700.7', '1795381700.6'),
      BridgeUniqueid: 'b1',
      BridgeType: 'basic',
      BridgeNumChannels: '2',
      IsExternal: 'Yes',
      Context: 'from-internal',
      Extension: '1002',
    });
    expect(event).toMatchObject({
      type: 'BlindTransfer',
      result: 'Success',
      isExternal: true,
      context: 'from-internal',
      extension: '1002',
      bridgeUniqueid: 'b1',
      transferer: { uniqueid: '1795381702.9' },
      transferee: { uniqueid: '1795381700.7' },
    });
  });

  it('decodes an attended transfer merged into a bridge, with no transfer target when Asterisk sends none', () => {
    const event = decodeAmiEvent({
      Event: 'AttendedTransfer',
      Result: 'Success',
      ...channelHeaders('OrigTransferer', 'PJSIP/1001-00000003', '1795381702.9', '1795381700.6'),
      OrigBridgeUniqueid: 'b1',
      ...channelHeaders('SecondTransferer', 'PJSIP/1001-00000004', '1795381703.10', '1795381703.10'),
      SecondBridgeUniqueid: 'b2',
      ...channelHeaders('Transferee', 'Local/500@from-external-00000002;2', '1795381700.7', '1795381700.6'),
      IsExternal: 'No',
      DestType: 'Bridge',
      DestBridgeUniqueid: 'b1',
    });
    expect(event).toMatchObject({
      type: 'AttendedTransfer',
      result: 'Success',
      isExternal: false,
      destType: 'Bridge',
      destBridgeUniqueid: 'b1',
      destApp: '',
      origBridgeUniqueid: 'b1',
      secondBridgeUniqueid: 'b2',
      origTransferer: { uniqueid: '1795381702.9' },
      secondTransferer: { uniqueid: '1795381703.10' },
      transferee: { uniqueid: '1795381700.7' },
      transferTarget: null,
    });
  });

  it('decodes a failed Originate with no channel created', () => {
    // main/manager.c fast_originate(): Uniqueid falls back to `<unknown>` when no channel was created.
    expect(
      decodeAmiEvent({
        Event: 'OriginateResponse',
        ActionID: 'spy-1',
        Response: 'Failure',
        Channel: 'PJSIP/1009',
        Context: 'from-internal',
        Exten: '1001',
        Reason: '0',
        Uniqueid: '<unknown>',
        CallerIDNum: '<unknown>',
        CallerIDName: '<unknown>',
      }),
    ).toEqual({
      type: 'OriginateResponse',
      actionId: 'spy-1',
      success: false,
      channel: 'PJSIP/1009',
      uniqueid: '',
      application: '',
      data: '',
      context: 'from-internal',
      exten: '1001',
      reason: 0,
      callerIdNum: '',
      callerIdName: '',
    });
  });
});

describe('decodeAmiEvent on broken frames', () => {
  it('decodes missing headers as empty text and zero, never throwing', () => {
    expect(decodeAmiEvent({ Event: 'AgentConnect', HoldTime: 'soon' })).toMatchObject({
      type: 'AgentConnect',
      queue: '',
      holdTime: 0,
      ringTime: 0,
      channel: { name: '', uniqueid: '', state: 0 },
    });
  });
});
