import { createTestApp, TEST_ADMIN, type TestApp } from '../../support/test-app';

// Nothing listens on port 1: Redis is "down" for the whole life of this app.
describe('with Redis unreachable', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ env: { REDIS_URL: 'redis://127.0.0.1:1' } });
  });

  afterAll(async () => {
    await t?.close();
  });

  it('keeps serving: liveness 200, login works, readiness 503 naming redis as down', async () => {
    await t.http.get('/health').expect(200);
    await t.http.post('/api/auth/login').send(TEST_ADMIN).expect(200);
    const started = Date.now();
    const res = await t.http.get('/health/ready').expect(503);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(res.body.checks.redis.status).toBe('down');
    expect(res.body.checks.postgres.status).toBe('up');
  });
});
