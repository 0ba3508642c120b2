import { PublishBuffer } from './publish-buffer';

describe('PublishBuffer', () => {
  it('keeps messages in order until it is full, then refuses new ones under reject-new', () => {
    const buffer = new PublishBuffer<number>(2, 'reject-new');
    expect(buffer.offer(1)).toEqual({ accepted: true, dropped: null });
    expect(buffer.offer(2)).toEqual({ accepted: true, dropped: null });
    expect(buffer.offer(3)).toEqual({ accepted: false });
    expect(buffer.drain()).toEqual([1, 2]);
  });

  it('drops the oldest message to make room under drop-oldest', () => {
    const buffer = new PublishBuffer<number>(2, 'drop-oldest');
    buffer.offer(1);
    buffer.offer(2);
    expect(buffer.offer(3)).toEqual({ accepted: true, dropped: 1 });
    expect(buffer.drain()).toEqual([2, 3]);
  });

  it('puts returned messages first, in their order, even beyond the capacity', () => {
    const buffer = new PublishBuffer<number>(2, 'reject-new');
    buffer.offer(3);
    buffer.offer(4);
    buffer.returnToFront([1, 2]);
    expect(buffer.size).toBe(4);
    expect([buffer.shift(), buffer.shift(), buffer.shift(), buffer.shift(), buffer.shift()]).toEqual([
      1,
      2,
      3,
      4,
      undefined,
    ]);
  });

  it('keeps its order across many shifts', () => {
    const buffer = new PublishBuffer<number>(10_000, 'reject-new');
    for (let i = 0; i < 5000; i += 1) buffer.offer(i);
    const out: number[] = [];
    for (let i = 0; i < 3000; i += 1) out.push(buffer.shift() ?? -1);
    for (let i = 5000; i < 6000; i += 1) buffer.offer(i);
    out.push(...buffer.drain());
    expect(out).toEqual(Array.from({ length: 6000 }, (_, i) => i));
  });
});
