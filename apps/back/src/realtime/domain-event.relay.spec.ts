import type { CallBusEvent } from '@cc/contracts';
import { alertRooms, callBroadcastOf, notificationSeverity } from './domain-event.relay';

describe('relaying bus events to browsers', () => {
  it('widens a system alert to every role above its audience', () => {
    expect(alertRooms('operators')).toEqual(['operators', 'supervisors', 'admins']);
    expect(alertRooms('supervisors')).toEqual(['supervisors', 'admins']);
    expect(alertRooms('admins')).toEqual(['admins']);
  });

  it('shows a critical alert as an error, the others as they are', () => {
    expect(notificationSeverity('critical')).toBe('error');
    expect(notificationSeverity('warning')).toBe('warning');
    expect(notificationSeverity('info')).toBe('info');
  });

  it("turns another service's call event into the REST broadcast's call shape", () => {
    const call: CallBusEvent = {
      event: 'call.start',
      timestamp: '2026-12-02T09:00:00.000Z',
      call_id: 'c-1',
      linked_id: null,
      phone_number: '+15550100',
      caller_name: null,
      operator_id: '1001',
      queue: 'sales',
      direction: 'inbound',
      status: 'ringing',
      answered_at: null,
      ended_at: null,
      wait_seconds: null,
      talk_seconds: null,
      disposition: null,
    };
    expect(callBroadcastOf(call)).toEqual({
      callId: 'c-1',
      callerNumber: '+15550100',
      queue: 'sales',
      extension: '1001',
      operatorId: '1001',
      status: 'ringing',
      data: { direction: 'inbound', linkedId: null, timestamp: '2026-12-02T09:00:00.000Z' },
    });
  });
});
