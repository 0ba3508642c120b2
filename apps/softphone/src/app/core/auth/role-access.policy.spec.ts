import { homePathForRole, roleAtLeast, safeReturnPath } from './role-access.policy';

describe('roleAtLeast', () => {
  it('lets each role open pages meant for the roles below it', () => {
    expect(roleAtLeast('supervisor', 'operator')).toBe(true);
    expect(roleAtLeast('admin', 'supervisor')).toBe(true);
    expect(roleAtLeast('admin', 'operator')).toBe(true);
    expect(roleAtLeast('operator', 'operator')).toBe(true);
  });

  it('keeps operators out of supervisor and admin pages', () => {
    expect(roleAtLeast('operator', 'supervisor')).toBe(false);
    expect(roleAtLeast('operator', 'admin')).toBe(false);
    expect(roleAtLeast('supervisor', 'admin')).toBe(false);
  });
});

describe('homePathForRole', () => {
  it('sends each role to its own home page', () => {
    expect(homePathForRole('operator')).toBe('/phone');
    expect(homePathForRole('supervisor')).toBe('/dashboard');
    expect(homePathForRole('admin')).toBe('/admin');
  });
});

describe('safeReturnPath', () => {
  it('follows paths inside the app, query string included', () => {
    expect(safeReturnPath('/dashboard?queue=sales')).toBe('/dashboard?queue=sales');
  });

  it('refuses anything that could leave the app or loop back to the login page', () => {
    for (const candidate of [
      'https://evil.example',
      '//evil.example',
      '/\\evil.example',
      'phone',
      '/login',
      '/login?returnUrl=%2Fphone',
      '',
      null,
      undefined,
    ]) {
      expect(safeReturnPath(candidate)).toBeNull();
    }
  });
});
