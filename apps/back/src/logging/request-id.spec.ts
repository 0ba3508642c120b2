import { requestIdFrom } from './request-id';

describe('requestIdFrom', () => {
  it('keeps a plain incoming id', () => {
    expect(requestIdFrom('abc-123', () => 'generated')).toBe('abc-123');
  });

  it('generates an id when none is given', () => {
    expect(requestIdFrom(undefined, () => 'generated')).toBe('generated');
  });

  it('replaces ids that could inject into logs or are too long', () => {
    expect(requestIdFrom('bad id\nwith newline', () => 'generated')).toBe('generated');
    expect(requestIdFrom('x'.repeat(129), () => 'generated')).toBe('generated');
  });

  it('uses the first value of a repeated header', () => {
    expect(requestIdFrom(['first', 'second'], () => 'generated')).toBe('first');
  });
});
