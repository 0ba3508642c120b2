import { SocketRateLimiter } from './socket-rate-limiter';

const options = { perSecond: 10, burst: 5, floodRefusals: 3, floodWindowMs: 10_000 };

describe('socket rate limiter', () => {
  it('allows a burst, then refuses until tokens come back at the sustained rate', () => {
    const limiter = new SocketRateLimiter(options, 0);
    expect(Array.from({ length: 5 }, () => limiter.take(0))).toEqual(Array(5).fill('allow'));
    expect(limiter.take(0)).toBe('refuse');
    expect(limiter.take(100)).toBe('allow');
    expect(limiter.take(100)).toBe('refuse');
  });

  it('disconnects a socket that keeps flooding within the window, not one that slows down', () => {
    const flooding = new SocketRateLimiter(options, 0);
    for (let i = 0; i < 5; i++) flooding.take(0);
    expect([flooding.take(0), flooding.take(1), flooding.take(2)]).toEqual([
      'refuse',
      'refuse',
      'disconnect',
    ]);

    const calm = new SocketRateLimiter(options, 0);
    for (let i = 0; i < 5; i++) calm.take(0);
    expect(calm.take(0)).toBe('refuse');
    expect(calm.take(1)).toBe('refuse');
    expect(calm.take(20_000)).toBe('allow');
    for (let i = 0; i < 4; i++) calm.take(20_000);
    expect(calm.take(20_000)).toBe('refuse');
  });
});
