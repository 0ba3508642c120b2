import type { LiveStatusChange } from '@cc/contracts';
import type { OperatorStatusData } from '@cc/contracts';
import { LiveStatusWriteBuffer } from './live-status-write.buffer';

const upsert = (id: string, callsTaken: number): LiveStatusChange => ({
  kind: 'operator',
  op: 'upsert',
  version: 1,
  id,
  value: { id, queue: 'sales', callsTaken } as OperatorStatusData,
});
const remove = (id: string): LiveStatusChange => ({ kind: 'operator', op: 'remove', version: 1, id });

describe('LiveStatusWriteBuffer', () => {
  it('keeps only the last write per entity', () => {
    const buffer = new LiveStatusWriteBuffer(10);
    expect(buffer.offer(upsert('sales:A', 1))).toBe('added');
    expect(buffer.offer(upsert('sales:A', 2))).toBe('coalesced');
    expect(buffer.offer(upsert('sales:B', 1))).toBe('added');
    expect(buffer.take(10)).toEqual([upsert('sales:A', 2), upsert('sales:B', 1)]);
    expect(buffer.size).toBe(0);
  });

  it('lets a remove after an upsert win, and an upsert after a remove', () => {
    const buffer = new LiveStatusWriteBuffer(10);
    buffer.offer(upsert('sales:A', 1));
    buffer.offer(remove('sales:A'));
    buffer.offer(remove('sales:B'));
    buffer.offer(upsert('sales:B', 3));
    expect(buffer.take(10)).toEqual([remove('sales:A'), upsert('sales:B', 3)]);
  });

  it('keeps an operator and a channel with the same id apart', () => {
    const buffer = new LiveStatusWriteBuffer(10);
    buffer.offer(remove('x'));
    buffer.offer({ kind: 'channel', op: 'remove', version: 1, id: 'x' });
    expect(buffer.size).toBe(2);
  });

  it('hands out the oldest entities first, whatever their kind', () => {
    const buffer = new LiveStatusWriteBuffer(10);
    buffer.offer(remove('a'));
    buffer.offer({ kind: 'queue', op: 'remove', version: 1, id: 'sales' });
    buffer.offer({ kind: 'channel', op: 'remove', version: 1, id: 'c1' });
    buffer.offer(remove('b'));
    // A later write to a buffered entity keeps that entity's place.
    buffer.offer(upsert('a', 2));
    expect(buffer.take(3).map((w) => `${w.kind}:${w.id}`)).toEqual([
      'operator:a',
      'queue:sales',
      'channel:c1',
    ]);
    expect(buffer.take(3).map((w) => `${w.kind}:${w.id}`)).toEqual(['operator:b']);
    expect(buffer.size).toBe(0);
  });

  it('hands out at most the asked batch size', () => {
    const buffer = new LiveStatusWriteBuffer(10);
    ['a', 'b', 'c'].forEach((id) => buffer.offer(remove(id)));
    expect(buffer.take(2).map((w) => w.id)).toEqual(['a', 'b']);
    expect(buffer.take(2).map((w) => w.id)).toEqual(['c']);
  });

  it('drops new entities past its capacity but still coalesces known ones', () => {
    const buffer = new LiveStatusWriteBuffer(2);
    buffer.offer(upsert('sales:A', 1));
    buffer.offer(upsert('sales:B', 1));
    expect(buffer.offer(upsert('sales:C', 1))).toBe('dropped');
    expect(buffer.offer(upsert('sales:A', 9))).toBe('coalesced');
  });

  it('puts a failed batch back without overriding newer writes, reporting what did not fit', () => {
    const buffer = new LiveStatusWriteBuffer(2);
    buffer.offer(upsert('sales:A', 1));
    buffer.offer(upsert('sales:B', 1));
    const failed = buffer.take(2);
    buffer.offer(upsert('sales:A', 2));
    expect(buffer.restore([...failed, upsert('sales:C', 1)])).toBe(1);
    expect(buffer.take(10)).toEqual([upsert('sales:A', 2), upsert('sales:B', 1)]);
  });
});
