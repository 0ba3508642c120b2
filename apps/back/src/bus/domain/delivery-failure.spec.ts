import { decideAfterFailure, PoisonMessageError, retryCountOf } from './delivery-failure';

const DELAYS = [100, 400, 1600];

describe('decideAfterFailure', () => {
  it('dead-letters a poison message at once, even on its first delivery', () => {
    expect(decideAfterFailure(new PoisonMessageError('bad JSON'), 0, DELAYS)).toEqual({
      action: 'dead-letter',
      reason: 'poison: bad JSON',
    });
  });

  it('retries a transient failure with a growing delay, counting the retries', () => {
    const transient = new Error('database timeout');
    expect(decideAfterFailure(transient, 0, DELAYS)).toEqual({
      action: 'retry',
      delayMs: 100,
      retryCount: 1,
    });
    expect(decideAfterFailure(transient, 1, DELAYS)).toEqual({
      action: 'retry',
      delayMs: 400,
      retryCount: 2,
    });
    expect(decideAfterFailure(transient, 2, DELAYS)).toEqual({
      action: 'retry',
      delayMs: 1600,
      retryCount: 3,
    });
  });

  it('dead-letters a transient failure once the retries are used up', () => {
    expect(decideAfterFailure(new Error('database timeout'), 3, DELAYS)).toEqual({
      action: 'dead-letter',
      reason: 'failed after 3 retries: database timeout',
    });
  });
});

describe('retryCountOf', () => {
  it('reads the x-retry-count header and treats anything else as a first delivery', () => {
    expect(retryCountOf({ 'x-retry-count': 2 })).toBe(2);
    expect(retryCountOf({ 'x-retry-count': '3' })).toBe(3);
    expect(retryCountOf({ 'x-retry-count': 'x' })).toBe(0);
    expect(retryCountOf(undefined)).toBe(0);
  });
});
