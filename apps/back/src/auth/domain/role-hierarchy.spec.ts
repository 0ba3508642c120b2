import { roleSatisfies, roleSatisfiesAny } from './role-hierarchy';

describe('role hierarchy', () => {
  it('lets each role pass its own requirement', () => {
    expect(roleSatisfies('operator', 'operator')).toBe(true);
    expect(roleSatisfies('supervisor', 'supervisor')).toBe(true);
    expect(roleSatisfies('admin', 'admin')).toBe(true);
  });

  it('lets higher roles pass lower requirements', () => {
    expect(roleSatisfies('admin', 'operator')).toBe(true);
    expect(roleSatisfies('admin', 'supervisor')).toBe(true);
    expect(roleSatisfies('supervisor', 'operator')).toBe(true);
  });

  it('refuses lower roles a higher requirement', () => {
    expect(roleSatisfies('operator', 'supervisor')).toBe(false);
    expect(roleSatisfies('operator', 'admin')).toBe(false);
    expect(roleSatisfies('supervisor', 'admin')).toBe(false);
  });

  it('accepts when any of several requirements is met and when nothing is required', () => {
    expect(roleSatisfiesAny('supervisor', ['admin', 'supervisor'])).toBe(true);
    expect(roleSatisfiesAny('operator', ['admin', 'supervisor'])).toBe(false);
    expect(roleSatisfiesAny('operator', [])).toBe(true);
  });
});
