import { createTestApp, TEST_ADMIN, type TestApp, type TestUser } from '../../support/test-app';

describe('HTTP foundation (real Postgres + Redis)', () => {
  let t: TestApp;
  let operator: TestUser;

  beforeAll(async () => {
    t = await createTestApp();
    operator = await t.createUser({ role: 'operator', extension: '1001' });
  });

  afterAll(async () => {
    await t?.close();
  });

  it('logs the admin created at first start in and returns a bearer token with its claims', async () => {
    const res = await t.http.post('/api/auth/login').send(TEST_ADMIN).expect(200);
    expect(res.body).toMatchObject({
      tokenType: 'Bearer',
      expiresIn: 8 * 3600,
      user: { username: 'admin', role: 'admin', extension: null },
    });
    const claims = JSON.parse(Buffer.from(res.body.accessToken.split('.')[1], 'base64url').toString());
    expect(claims).toMatchObject({
      username: 'admin',
      role: 'admin',
      extension: null,
      sub: res.body.user.id,
    });

    const me = await t.http
      .get('/api/auth/me')
      .set('Authorization', `Bearer ${res.body.accessToken}`)
      .expect(200);
    expect(me.body).toEqual(res.body.user);
  });

  it('answers 401 to a wrong password', async () => {
    const res = await t.http
      .post('/api/auth/login')
      .send({ username: 'admin', password: 'wrong' })
      .expect(401);
    expect(res.body).toMatchObject({ statusCode: 401, message: 'Invalid username or password' });
  });

  it('answers 401 without a token and with a forged one', async () => {
    await t.http.get('/api/users').expect(401);
    await t.http.get('/api/auth/me').set('Authorization', 'Bearer not.a.jwt').expect(401);
  });

  it('forbids an operator the admin-only user list, and lets the admin create and list users', async () => {
    await t.http.get('/api/users').set('Authorization', `Bearer ${operator.token}`).expect(403);

    const admin = await t.http.post('/api/auth/login').send(TEST_ADMIN).expect(200);
    const bearer = `Bearer ${admin.body.accessToken}`;
    const created = await t.http
      .post('/api/users')
      .set('Authorization', bearer)
      .send({ username: 'supervisor2', password: 'long-enough', role: 'supervisor' })
      .expect(201);
    expect(created.body).toMatchObject({ username: 'supervisor2', role: 'supervisor', extension: null });
    expect(created.body).not.toHaveProperty('passwordHash');

    const list = await t.http.get('/api/users').set('Authorization', bearer).expect(200);
    expect(list.body.map((user: { username: string }) => user.username)).toEqual(
      expect.arrayContaining(['admin', 'supervisor2', operator.user.username]),
    );
    await t.http
      .post('/api/users')
      .set('Authorization', bearer)
      .send({ username: 'supervisor2', password: 'long-enough', role: 'supervisor' })
      .expect(409);
  });

  it('rejects a bad body with 400 naming each field and its reason', async () => {
    const admin = await t.createUser({ role: 'admin' });
    const res = await t.http
      .post('/api/users')
      .set('Authorization', `Bearer ${admin.token}`)
      .send({ username: 'x', password: 'short', role: 'boss', surprise: true })
      .expect(400);
    const fields = res.body.details.map((detail: { field: string }) => detail.field);
    expect(fields).toEqual(expect.arrayContaining(['password', 'role', 'surprise']));
    const password = res.body.details.find((detail: { field: string }) => detail.field === 'password');
    expect(password.reasons).toContain('password must be longer than or equal to 8 characters');
  });

  it('answers unknown routes with a JSON 404', async () => {
    const res = await t.http
      .get('/api/no-such-route')
      .set('Authorization', `Bearer ${operator.token}`)
      .expect(404);
    expect(res.body).toMatchObject({ statusCode: 404, error: 'NOT_FOUND' });
    expect(typeof res.body.requestId).toBe('string');
  });

  it('echoes an incoming x-request-id', async () => {
    const res = await t.http.get('/health').set('x-request-id', 'trace-42').expect(200);
    expect(res.headers['x-request-id']).toBe('trace-42');
  });

  it('reports readiness of postgres and redis, and rabbitmq as disabled when not configured', async () => {
    const res = await t.http.get('/health/ready').expect(200);
    expect(res.body.status).toBe('ok');
    expect(res.body.checks.postgres.status).toBe('up');
    expect(res.body.checks.redis.status).toBe('up');
    expect(res.body.checks.rabbitmq.status).toBe('disabled');
  });

  it('serves an OpenAPI document describing the login route with bearer auth', async () => {
    const res = await t.http.get('/api/docs-json').expect(200);
    expect(res.body.openapi).toMatch(/^3\./);
    expect(res.body.paths['/api/auth/login'].post).toBeDefined();
    expect(res.body.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
  });

  it('serves Prometheus metrics including the HTTP request histogram', async () => {
    await t.http.get('/health').expect(200);
    const res = await t.http.get('/metrics').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.text).toContain('process_cpu_user_seconds_total');
    expect(res.text).toMatch(
      /http_request_duration_seconds_count\{method="GET",route="\/health",status_code="200"\} \d+/,
    );
  });

  // Last: it uses up this client's login budget.
  it('throttles repeated logins with 429', async () => {
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 12; attempt += 1) {
      const res = await t.http
        .post('/api/auth/login')
        .send({ username: 'admin', password: `guess-${attempt}` });
      statuses.push(res.status);
    }
    expect(statuses).toContain(401);
    expect(statuses[statuses.length - 1]).toBe(429);
  });
});
