import { queueOfMemberId } from './live-status.types';

describe('queueOfMemberId', () => {
  it('takes the queue before the interface', () => {
    expect(queueOfMemberId('sales:PJSIP/1001')).toBe('sales');
    expect(queueOfMemberId('support:Local/1001@from-queue/n')).toBe('support');
  });

  it('keeps a colon that belongs to the queue name, and one inside the interface', () => {
    expect(queueOfMemberId('odd:name:PJSIP/7')).toBe('odd:name');
    expect(queueOfMemberId('sales:PJSIP/trunk/sip:1001@example.com')).toBe('sales');
  });
});
