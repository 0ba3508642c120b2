import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { createTestApp, TEST_ADMIN, type TestApp } from '../../support/test-app';

const BODY_LIMIT_BYTES = 4096;
const SIP_WS_URL = 'wss://pbx.example.test:8089/ws';

describe('bad input and security headers over HTTP (real app)', () => {
  let t: TestApp;
  // A softphone build, as `npm start` serves one: its static-file module answers errors on routes it
  // excludes (/api) with `404 Cannot POST`, which is how bad bodies once got a 404 in production only.
  const softphone = mkdtempSync(join(tmpdir(), 'softphone-dist-'));

  beforeAll(async () => {
    writeFileSync(join(softphone, 'index.html'), '<!doctype html><title>softphone</title>');
    t = await createTestApp({
      env: { HTTP_BODY_LIMIT_BYTES: String(BODY_LIMIT_BYTES), SIP_WS_URL, SOFTPHONE_DIST_DIR: softphone },
    });
  });

  afterAll(async () => {
    await t?.close();
    rmSync(softphone, { recursive: true, force: true });
  });

  it('serves the softphone build beside the API, as production does', async () => {
    const res = await t.http.get('/phone').expect(200);
    expect(res.text).toContain('<title>softphone</title>');
  });

  it('answers malformed JSON with 400 saying the body is malformed and where', async () => {
    const res = await t.http
      .post('/api/auth/login')
      .set('Content-Type', 'application/json')
      .set('x-request-id', 'trace-bad-json')
      .send('{"username": "admin",')
      .expect(400);
    expect(res.body).toEqual({
      statusCode: 400,
      error: 'BAD_REQUEST',
      message: expect.stringMatching(/^Malformed JSON body: .*position 21/),
      requestId: 'trace-bad-json',
    });
    expect(res.headers['x-request-id']).toBe('trace-bad-json');
  });

  it('answers a body over the configured limit with 413 naming the limit', async () => {
    const res = await t.http
      .post('/api/auth/login')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ ...TEST_ADMIN, padding: 'x'.repeat(BODY_LIMIT_BYTES) }))
      .expect(413);
    const { requestId, ...body } = res.body as { requestId: unknown };
    expect(typeof requestId).toBe('string');
    expect(body).toEqual({
      statusCode: 413,
      error: 'PAYLOAD_TOO_LARGE',
      message: `Request body is larger than the limit of ${BODY_LIMIT_BYTES} bytes`,
    });
  });

  it('answers a body that is not JSON with 415 naming the content type it got', async () => {
    const res = await t.http
      .post('/api/auth/login')
      .set('Content-Type', 'text/plain')
      .send('admin admin-test-password')
      .expect(415);
    const { requestId, ...body } = res.body as { requestId: unknown };
    expect(typeof requestId).toBe('string');
    expect(body).toEqual({
      statusCode: 415,
      error: 'UNSUPPORTED_MEDIA_TYPE',
      message: 'Content-Type must be application/json, got text/plain',
    });
    await t.http
      .post('/api/auth/login')
      .type('form')
      .send({ ...TEST_ADMIN })
      .expect(415);
  });

  it('still takes JSON bodies under the limit, and POSTs without a body', async () => {
    const admin = await t.http.post('/api/auth/login').send(TEST_ADMIN).expect(200);
    // Browsers send Content-Length: 0 and no Content-Type for a POST without a body.
    await t.http
      .post('/api/queue-status/sync/resync')
      .set('Authorization', `Bearer ${admin.body.accessToken}`)
      .set('Content-Length', '0')
      .expect((res) => expect(res.status).not.toBe(415));
  });

  it('sends the security headers on every answer, errors included, and no X-Powered-By', async () => {
    const answers = await Promise.all([
      t.http.get('/health'),
      t.http.get('/api/no-such-route'),
      t.http.post('/api/auth/login').set('Content-Type', 'application/json').send('{'),
      t.http.get('/api/docs/'),
    ]);
    expect(answers.map((res) => res.status)).toEqual([200, 404, 400, 200]);
    for (const res of answers) {
      expect(res.headers).toMatchObject({
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
        'x-frame-options': 'DENY',
      });
      expect(res.headers).not.toHaveProperty('x-powered-by');
      expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    }
  });

  it('allows scripts from our origin only and connections to our origin and the SIP WebSocket', async () => {
    const res = await t.http.get('/health').expect(200);
    const policy = new Map(
      res.headers['content-security-policy'].split(';').map((directive: string) => {
        const [name, ...sources] = directive.trim().split(/\s+/);
        return [name, sources];
      }),
    );
    expect(policy.get('script-src')).toEqual(["'self'"]);
    expect(policy.get('script-src-attr')).toEqual(["'none'"]);
    expect(policy.get('connect-src')).toEqual(["'self'", 'wss://pbx.example.test:8089']);
    expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
    expect(policy.get('object-src')).toEqual(["'none'"]);
  });

  it('lets the Swagger UI at /api/docs run under the policy', async () => {
    const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true });
    try {
      const page = await browser.newPage();
      const violations: string[] = [];
      page.on('console', (message) => {
        if (message.text().includes('Content Security Policy')) violations.push(message.text());
      });
      await page.goto(`${t.url}/api/docs`);
      await expect(page.locator('.swagger-ui .info .title').textContent()).resolves.toContain(
        'Call center live API',
      );
      await expect(
        page.locator('.opblock-summary-path', { hasText: '/api/auth/login' }).count(),
      ).resolves.toBe(1);
      expect(violations).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
