import type { OperatorStatusData } from '@cc/contracts';
import { sipContactStatus } from './sip-contact-status';

const member = (queue: string, iface: string, status: OperatorStatusData['status'], updatedAt: string) =>
  ({ id: `${queue}:${iface}`, queue, interface: iface, status, updatedAt }) as OperatorStatusData;

describe('sipContactStatus', () => {
  it("reports the device state of the operator's own interface, latest membership first", () => {
    const items = [
      member('sales', 'PJSIP/1001', 'NOT_INUSE', '2026-01-01T10:00:00Z'),
      member('support', 'PJSIP/1001', 'UNAVAILABLE', '2026-01-01T10:00:05Z'),
      member('sales', 'PJSIP/10011', 'INUSE', '2026-01-01T10:00:09Z'),
    ];
    expect(sipContactStatus('1001', { source: 'redis', items })).toEqual({
      interface: 'PJSIP/1001',
      deviceState: 'UNAVAILABLE',
      source: 'redis',
    });
  });

  it('says nothing is known for an extension in no queue', () => {
    expect(sipContactStatus('2000', { source: 'db', items: [] }).deviceState).toBeNull();
  });
});
