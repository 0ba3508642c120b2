import { parseAmiTranscript } from '../ami-frame.parser';
import { AmiSerializeError, serializeAmi } from '../ami-frame.serializer';
import type { AmiMessage, AmiOutgoingFields } from '../ami-message';
import { readAmiFixture } from '../testing/ami-fixtures';
import {
  AmiActionArgumentError,
  agents,
  chanSpyOriginate,
  channelStatus,
  classifyAmiAnswer,
  coreShowChannels,
  deviceStateList,
  isEmptyListAnswer,
  originate,
  pjsipShowContacts,
  pjsipShowEndpoints,
  pjsipShowRegistrationInboundContactStatuses,
  queueAdd,
  queuePause,
  queuePenalty,
  queueRemove,
  queueStatus,
  queueSummary,
  type AmiAnswerKind,
} from './ami-actions';

// The `Response: <kind>` answers of a transcript by ActionID (events such as OriginateResponse excluded).
function answers(file: string, kind: 'Success' | 'Error'): Map<string, AmiMessage> {
  const byActionId = new Map<string, AmiMessage>();
  for (const item of parseAmiTranscript(readAmiFixture(file))) {
    if (item.kind !== 'message') continue;
    const { message } = item;
    if (message['Response'] === kind && message['Event'] === undefined && message['ActionID'] !== undefined)
      byActionId.set(message['ActionID'], message);
  }
  return byActionId;
}

// What Asterisk reads: the action as it goes on the wire, parsed back (booleans and numbers as text).
function onTheWire(fields: AmiOutgoingFields): AmiMessage {
  const [item] = parseAmiTranscript(serializeAmi(fields), { expectBanner: false });
  if (item?.kind !== 'message') throw new Error('no message');
  return item.message;
}

// The requests fixtures/ami/README.md describes for pause_unpause.ami and queue_call_answered.ami.
describe('queue member actions match the requests recorded against Asterisk 22', () => {
  it('pauses an interface in every queue with a reason (pause-all-1001)', () => {
    const fields = queuePause({ interface: 'PJSIP/1001', paused: true, reason: 'Lunch' });
    expect(serializeAmi(fields)).toBe(
      'Action: QueuePause\r\nInterface: PJSIP/1001\r\nPaused: true\r\nReason: Lunch\r\n\r\n',
    );
  });

  it('unpauses in every queue without a reason (unpause-all-1001)', () => {
    expect(onTheWire(queuePause({ interface: 'PJSIP/1001', paused: false }))).toEqual({
      Action: 'QueuePause',
      Interface: 'PJSIP/1001',
      Paused: 'false',
    });
  });

  it('pauses in one queue only when a queue is given (pause-sales-1001)', () => {
    expect(onTheWire(queuePause({ queue: 'sales', interface: 'PJSIP/1001', paused: true }))).toEqual({
      Action: 'QueuePause',
      Queue: 'sales',
      Interface: 'PJSIP/1001',
      Paused: 'true',
    });
  });

  it('adds a dynamic member with its name and state interface (add-1004-support)', () => {
    expect(
      onTheWire(
        queueAdd({
          queue: 'support',
          interface: 'PJSIP/1004',
          memberName: 'Agent 1004',
          stateInterface: 'PJSIP/1004',
        }),
      ),
    ).toEqual({
      Action: 'QueueAdd',
      Queue: 'support',
      Interface: 'PJSIP/1004',
      MemberName: 'Agent 1004',
      StateInterface: 'PJSIP/1004',
    });
  });

  it('adds a Local member paused with a reason (add-local-agent1-sales)', () => {
    expect(
      onTheWire(
        queueAdd({ queue: 'sales', interface: 'Local/agent1@agents/n', paused: true, reason: 'Onboarding' }),
      ),
    ).toEqual({
      Action: 'QueueAdd',
      Queue: 'sales',
      Interface: 'Local/agent1@agents/n',
      Paused: 'true',
      Reason: 'Onboarding',
    });
  });

  it('sets a penalty (penalty-1004) and removes a member (remove-1004-support)', () => {
    expect(onTheWire(queuePenalty({ queue: 'support', interface: 'PJSIP/1004', penalty: 2 }))).toEqual({
      Action: 'QueuePenalty',
      Interface: 'PJSIP/1004',
      Penalty: '2',
      Queue: 'support',
    });
    expect(onTheWire(queueRemove({ queue: 'support', interface: 'PJSIP/1004' }))).toEqual({
      Action: 'QueueRemove',
      Queue: 'support',
      Interface: 'PJSIP/1004',
    });
  });

  it('refuses an empty interface and a negative or fractional penalty before anything is sent', () => {
    expect(() => queuePause({ interface: '', paused: true })).toThrow(AmiActionArgumentError);
    expect(() => queuePenalty({ interface: 'PJSIP/1004', penalty: -1 })).toThrow(AmiActionArgumentError);
    expect(() => queueAdd({ queue: 'sales', interface: 'PJSIP/1004', penalty: 1.5 })).toThrow(
      AmiActionArgumentError,
    );
  });

  it('cannot carry a header injected through a pause reason', () => {
    const fields = queuePause({
      interface: 'PJSIP/1001',
      paused: true,
      reason: 'Lunch\r\nAction: Originate',
    });
    expect(() => serializeAmi(fields)).toThrow(AmiSerializeError);
  });
});

describe('originate', () => {
  it('builds the Originate recorded in queue_call_answered.ami (originate-1)', () => {
    expect(
      onTheWire(
        originate({
          channel: 'Local/500@from-external',
          application: 'Wait',
          data: '20',
          callerId: { name: 'Customer One', number: '+15551230001' },
          variables: { CUSTOMER_ID: '42' },
        }),
      ),
    ).toEqual({
      Action: 'Originate',
      Channel: 'Local/500@from-external',
      Application: 'Wait',
      Data: '20',
      CallerID: '"Customer One" <+15551230001>',
      Variable: 'CUSTOMER_ID=42',
      Async: 'true',
    });
  });

  it('connects to an extension at priority 1 by default, one Variable line per variable', () => {
    const fields = originate({
      channel: 'PJSIP/1001',
      context: 'from-internal',
      exten: '+15551230099',
      timeoutMs: 20000,
      variables: { LEAD_ID: '7', CAMPAIGN_ID: '3' },
      channelId: 'dialer-7-1',
    });
    expect(serializeAmi(fields)).toBe(
      [
        'Action: Originate',
        'Channel: PJSIP/1001',
        'Context: from-internal',
        'Exten: +15551230099',
        'Priority: 1',
        'Timeout: 20000',
        'Variable: LEAD_ID=7',
        'Variable: CAMPAIGN_ID=3',
        'ChannelId: dialer-7-1',
        'Async: true',
        '',
        '',
      ].join('\r\n'),
    );
  });

  it('drops double quotes from a caller name so the name cannot end early', () => {
    expect(
      originate({ channel: 'PJSIP/1001', application: 'Wait', callerId: { name: 'A "B"', number: '1' } }),
    ).toMatchObject({ CallerID: '"A B" <1>' });
    expect(
      originate({ channel: 'PJSIP/1001', application: 'Wait', callerId: { number: '1' } }),
    ).toMatchObject({
      CallerID: '<1>',
    });
  });

  it('refuses a variable name with = in it', () => {
    expect(() =>
      originate({ channel: 'PJSIP/1001', application: 'Wait', variables: { 'A=B': '1' } }),
    ).toThrow(AmiActionArgumentError);
  });
});

describe('chanSpyOriginate', () => {
  const base = { supervisorEndpoint: 'PJSIP/1005', agentChannel: 'PJSIP/1001-00000000' } as const;

  it.each([
    ['listen', 'PJSIP/1001-00000000,q'],
    ['whisper', 'PJSIP/1001-00000000,qw'],
    ['barge', 'PJSIP/1001-00000000,qB'],
  ] as const)('rings the supervisor and runs ChanSpy in %s mode with the right options', (mode, data) => {
    expect(onTheWire(chanSpyOriginate({ ...base, mode }))).toEqual({
      Action: 'Originate',
      Channel: 'PJSIP/1005',
      Application: 'ChanSpy',
      Data: data,
      Async: 'true',
    });
  });

  it('adds E when the supervisor call should end with the spied-on call', () => {
    expect(chanSpyOriginate({ ...base, mode: 'whisper', exitWhenSpiedHangsUp: true })).toMatchObject({
      Data: 'PJSIP/1001-00000000,qwE',
    });
  });

  it('refuses an agent channel with a comma, which ChanSpy would read as its options', () => {
    expect(() => chanSpyOriginate({ ...base, agentChannel: 'PJSIP/1001,B', mode: 'listen' })).toThrow(
      AmiActionArgumentError,
    );
  });
});

describe('list actions', () => {
  it('names the list actions as the startup_state.ami capture sent them', () => {
    expect(
      [
        queueStatus(),
        queueSummary(),
        coreShowChannels(),
        deviceStateList(),
        pjsipShowEndpoints(),
        pjsipShowContacts(),
        pjsipShowRegistrationInboundContactStatuses(),
        agents(),
        channelStatus(),
      ].map((fields) => fields['Action']),
    ).toEqual([
      'QueueStatus',
      'QueueSummary',
      'CoreShowChannels',
      'DeviceStateList',
      'PJSIPShowEndpoints',
      'PJSIPShowContacts',
      'PJSIPShowRegistrationInboundContactStatuses',
      'Agents',
      'Status',
    ]);
  });

  it('filters QueueStatus by queue and member (status-paused)', () => {
    expect(queueStatus({ queue: 'sales', member: 'PJSIP/1001' })).toEqual({
      Action: 'QueueStatus',
      Queue: 'sales',
      Member: 'PJSIP/1001',
    });
  });
});

describe('classifyAmiAnswer on the answers Asterisk 22 gave (errors.ami, pause_unpause.ami)', () => {
  const errors = answers('errors.ami', 'Error');

  // ActionID -> the action errors.ami's README says was sent.
  it.each<[string, string, AmiAnswerKind]>([
    ['login-1', 'Login', 'refused'],
    ['before-login-1', 'QueueStatus', 'refused'],
    ['pause-unknown-interface', 'QueuePause', 'not-found'],
    ['pause-missing-interface', 'QueuePause', 'refused'],
    ['add-unknown-queue', 'QueueAdd', 'not-found'],
    ['add-duplicate-member', 'QueueAdd', 'already-done'],
    ['remove-not-member', 'QueueRemove', 'already-done'],
    ['remove-static-member', 'QueueRemove', 'refused'],
    ['unknown-action', 'NoSuchAction', 'refused'],
    ['show-unknown-endpoint', 'PJSIPShowEndpoint', 'not-found'],
    ['originate-unregistered', 'Originate', 'failed'],
  ])('%s (%s) is %s', (actionId, action, kind) => {
    const response = errors.get(actionId);
    expect(response?.['Response']).toBe('Error');
    const result = classifyAmiAnswer({ Action: action }, response ?? {});
    expect(result.kind).toBe(kind);
    expect(result.retryable).toBe(kind === 'failed');
  });

  it('classifies every success of pause_unpause.ami as success', () => {
    const kinds = [...answers('pause_unpause.ami', 'Success').values()].map(
      (response) => classifyAmiAnswer('QueuePause', response).kind,
    );
    expect(kinds.length).toBeGreaterThanOrEqual(10);
    expect(new Set(kinds)).toEqual(new Set(['success']));
  });

  it('takes the outcome the action port reports as well as a frame', () => {
    expect(
      classifyAmiAnswer(queuePause({ interface: 'PJSIP/9999', paused: true }), {
        success: false,
        message: 'Interface not found',
      }),
    ).toEqual({ kind: 'not-found', retryable: false, message: 'Interface not found' });
  });

  it('treats an unknown error as a failure that may be retried', () => {
    expect(classifyAmiAnswer('QueuePause', { success: false, message: 'Out of memory' })).toMatchObject({
      kind: 'failed',
      retryable: true,
    });
  });
});

describe('isEmptyListAnswer', () => {
  // res_pjsip's ami_show_contacts sends "No Contacts found\n": on the wire the value ends in a bare LF.
  const noContacts = parseAmiTranscript(
    'Response: Error\r\nActionID: pjsipshowcontacts-1\r\nMessage: No Contacts found\n\r\n\r\n',
    { expectBanner: false },
  );
  const noContactsFrame = noContacts[0]?.kind === 'message' ? noContacts[0].message : {};

  it('reads the PJSIPShowContacts error of a PBX with no registration as an empty list', () => {
    expect(isEmptyListAnswer(pjsipShowContacts(), noContactsFrame)).toBe(true);
    expect(isEmptyListAnswer('PJSIPShowContacts', { success: false, message: 'No Contacts found\n' })).toBe(
      true,
    );
    expect(classifyAmiAnswer(pjsipShowContacts(), noContactsFrame)).toMatchObject({ kind: 'empty-list' });
  });

  it('reads the PJSIPShowEndpoints error of a PBX with no endpoint as an empty list', () => {
    expect(isEmptyListAnswer(pjsipShowEndpoints(), { success: false, message: 'No endpoints found' })).toBe(
      true,
    );
  });

  it('keeps a real failure of a list action a failure', () => {
    expect(
      isEmptyListAnswer(pjsipShowContacts(), { success: false, message: 'Could not get Contacts' }),
    ).toBe(false);
    expect(
      isEmptyListAnswer(deviceStateList(), { success: false, message: 'Memory Allocation Failure' }),
    ).toBe(false);
    expect(isEmptyListAnswer(queueStatus(), { success: false, message: 'Permission denied' })).toBe(false);
  });

  it('does not read the same message as empty for another action, nor a success', () => {
    expect(isEmptyListAnswer(queueStatus(), { success: false, message: 'No Contacts found' })).toBe(false);
    expect(isEmptyListAnswer(pjsipShowContacts(), { success: true, message: 'No Contacts found' })).toBe(
      false,
    );
  });
});
