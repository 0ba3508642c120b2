import { loginFailureFromStatus } from './login-failure.mapper';

describe('loginFailureFromStatus', () => {
  it('reports rejected credentials and malformed input as invalid credentials', () => {
    expect(loginFailureFromStatus(401)).toBe('invalid-credentials');
    expect(loginFailureFromStatus(400)).toBe('invalid-credentials');
  });

  it('reports throttling separately so the user knows to wait', () => {
    expect(loginFailureFromStatus(429)).toBe('rate-limited');
  });

  it('reports no answer and server errors as unavailable', () => {
    expect(loginFailureFromStatus(0)).toBe('unavailable');
    expect(loginFailureFromStatus(502)).toBe('unavailable');
    expect(loginFailureFromStatus(503)).toBe('unavailable');
  });
});
