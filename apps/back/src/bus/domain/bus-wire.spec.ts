import type { CallFacts } from '@cc/contracts';
import { alertAudience, callBusEvent } from './bus-wire';
import { PoisonMessageError } from './delivery-failure';
import { parseCallBusEvent, parseSystemAlert } from './inbound-messages';

const CALL: CallFacts = {
  uniqueid: 'u1',
  linkedid: 'l1',
  queue: 'sales',
  agentExtension: '1002',
  callerNumber: '+3311',
  callerName: null,
  direction: 'outbound',
  enqueuedAt: '2026-12-02T08:00:00.000Z',
  answeredAt: '2026-12-02T08:00:05.000Z',
  endedAt: null,
  waitSeconds: 5,
  ringSeconds: 2,
  talkSeconds: null,
  holdSeconds: null,
  disposition: null,
};

describe('bus wire shapes', () => {
  it('names a ledger event by its old wire event and dates it by the fact it reports', () => {
    const now = new Date('2026-12-02T09:00:00.000Z');
    expect(callBusEvent('call.answered', CALL, now)).toMatchObject({
      event: 'call.update',
      timestamp: '2026-12-02T08:00:05.000Z',
      call_id: 'u1',
      operator_id: '1002',
      phone_number: '+3311',
      status: 'answered',
    });
    // Not ended yet according to the facts: the time the event is sent stands in.
    expect(callBusEvent('call.ended', CALL, now).timestamp).toBe('2026-12-02T09:00:00.000Z');
  });

  it('shows critical alerts to every operator, errors to supervisors, the rest to admins', () => {
    expect(alertAudience('critical')).toBe('operators');
    expect(alertAudience('error')).toBe('supervisors');
    expect(alertAudience('warning')).toBe('admins');
    expect(alertAudience('info')).toBe('admins');
  });

  it('reads a call event from another service with only the required fields, ignoring extra ones', () => {
    expect(parseCallBusEvent({ event: 'call.end', timestamp: 't', call_id: 'c9', extra: 1 })).toMatchObject({
      change: 'ended',
      call: { call_id: 'c9', status: 'ended', phone_number: null, direction: 'inbound' },
    });
  });

  it('rejects a call event without call_id and an alert with an unknown severity as poison, naming the field', () => {
    expect(() => parseCallBusEvent({ event: 'call.start', timestamp: 't' })).toThrow(
      new PoisonMessageError('wrong schema: call_id: Required'),
    );
    expect(() => parseSystemAlert({ timestamp: 't', severity: 'fatal', message: 'm', source: 's' })).toThrow(
      /^wrong schema: severity: /,
    );
  });
});
