import { DataSource } from 'typeorm';
import type { DisconnectReasonPayload } from '@cc/contracts';
import { createTestApp, TEST_ADMIN, type TestApp, type TestUser } from '../../support/test-app';
import { closeAllSockets, nextEvent, rawSocket } from '../realtime/support/realtime-test-clients';

describe('user administration over REST (real Postgres + Redis)', () => {
  let t: TestApp;
  let admin: TestUser;
  let supervisor: TestUser;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.createUser({ role: 'admin' });
    supervisor = await t.createUser({ role: 'supervisor' });
  });

  afterAll(async () => {
    closeAllSockets();
    await t?.close();
  });

  const as = (user: TestUser) => ({
    post: (path: string, body: object) =>
      t.http.post(path).set('Authorization', `Bearer ${user.token}`).send(body),
    patch: (path: string, body: object) =>
      t.http.patch(path).set('Authorization', `Bearer ${user.token}`).send(body),
    put: (path: string, body: object) =>
      t.http.put(path).set('Authorization', `Bearer ${user.token}`).send(body),
    delete: (path: string) => t.http.delete(path).set('Authorization', `Bearer ${user.token}`),
  });
  const audit = (userId: string) =>
    t.app.get(DataSource).query<{ actor: string; extension: string; details: Record<string, unknown> }[]>(
      `SELECT actor, extension, details FROM supervisor_actions
          WHERE action = 'user-admin' AND details->>'userId' = $1 ORDER BY id`,
      [userId],
    );
  const login = (username: string, password: string) =>
    t.http.post('/api/auth/login').send({ username, password });

  it('creates a user, changes their role and extension, and audits both with the admin who did it', async () => {
    const created = await as(admin)
      .post('/api/users', { username: 'op-edit', password: 'long-enough', role: 'operator' })
      .expect(201);
    expect(created.body).toMatchObject({ role: 'operator', extension: null, disabled: false });
    const id = created.body.id as string;

    const changed = await as(admin)
      .patch(`/api/users/${id}`, { role: 'supervisor', extension: '1020' })
      .expect(200);
    expect(changed.body).toMatchObject({ id, role: 'supervisor', extension: '1020', disabled: false });
    const signedIn = await login('op-edit', 'long-enough').expect(200);
    expect(signedIn.body.user).toMatchObject({ role: 'supervisor', extension: '1020' });

    await as(admin).patch(`/api/users/${id}`, { extension: null }).expect(200);
    expect(await audit(id)).toEqual([
      expect.objectContaining({
        actor: admin.user.id,
        details: expect.objectContaining({ op: 'user.created' }),
      }),
      expect.objectContaining({
        actor: admin.user.id,
        extension: '1020',
        details: expect.objectContaining({
          op: 'user.updated',
          before: { role: 'operator', extension: null, disabled: false },
          after: { role: 'supervisor', extension: '1020', disabled: false },
        }),
      }),
      expect.objectContaining({ details: expect.objectContaining({ op: 'user.updated' }) }),
    ]);
  });

  it('resets a password: the old one stops working, the new one signs in, and the trail holds no password', async () => {
    const user = await t.createUser({ username: 'op-reset' });
    await as(admin).put(`/api/users/${user.user.id}/password`, { password: 'brand-new-secret' }).expect(204);
    await login('op-reset', user.password).expect(401);
    await login('op-reset', 'brand-new-secret').expect(200);
    const trail = await audit(user.user.id);
    expect(trail.map((row) => row.details['op'])).toEqual(['user.password-reset']);
    expect(JSON.stringify(trail)).not.toContain('brand-new-secret');
  });

  it('disables a user, who can no longer sign in or read their profile, and enables them again', async () => {
    const user = await t.createUser({ username: 'op-disable' });
    const disabled = await as(admin).patch(`/api/users/${user.user.id}`, { disabled: true }).expect(200);
    expect(disabled.body.disabled).toBe(true);
    const refused = await login('op-disable', user.password).expect(401);
    expect(refused.body.message).toBe('Invalid username or password');
    await t.http.get('/api/auth/me').set('Authorization', `Bearer ${user.token}`).expect(401);

    await as(admin).patch(`/api/users/${user.user.id}`, { disabled: false }).expect(200);
    await login('op-disable', user.password).expect(200);
  });

  it('deletes a user, audited; a second delete is 404', async () => {
    const user = await t.createUser({ username: 'op-delete', extension: '1030' });
    await as(admin).delete(`/api/users/${user.user.id}`).expect(204);
    await login('op-delete', user.password).expect(401);
    await as(admin).delete(`/api/users/${user.user.id}`).expect(404);
    expect(await audit(user.user.id)).toEqual([
      expect.objectContaining({
        actor: admin.user.id,
        extension: '1030',
        details: expect.objectContaining({ op: 'user.deleted' }),
      }),
    ]);
  });

  it('keeps an admin from demoting, disabling or deleting their own account', async () => {
    const self = `/api/users/${admin.user.id}`;
    await as(admin).patch(self, { role: 'operator' }).expect(409);
    await as(admin).patch(self, { disabled: true }).expect(409);
    await as(admin).delete(self).expect(409);
    // Their own extension is theirs to change; the token that carried the old one is refused after it.
    await as(admin).patch(self, { extension: '1099' }).expect(200);
    await as(admin).patch(self, { extension: '1098' }).expect(401);
    admin.token = await t.tokenFor({ ...admin.user, extension: '1099' });
    await as(admin).patch(self, { extension: '1098' }).expect(200);
    admin.token = await t.tokenFor({ ...admin.user, extension: '1098' });
  });

  it('allows only admins: a supervisor gets 403 on every route, without a token 401', async () => {
    const target = `/api/users/${supervisor.user.id}`;
    await as(supervisor)
      .post('/api/users', { username: 'x1', password: 'long-enough', role: 'admin' })
      .expect(403);
    await as(supervisor).patch(target, { role: 'admin' }).expect(403);
    await as(supervisor).put(`${target}/password`, { password: 'long-enough' }).expect(403);
    await as(supervisor).delete(target).expect(403);
    await t.http.patch(target).send({ role: 'admin' }).expect(401);
    const me = await login(TEST_ADMIN.username, TEST_ADMIN.password).expect(200);
    expect(me.body.user.role).toBe('admin');
  });

  it('answers 400 naming the field for a bad role, extension, flag, password or id, and 404 for an unknown id', async () => {
    const target = `/api/users/${supervisor.user.id}`;
    const fieldsOf = async (response: Promise<{ body: { details: { field: string }[] } }>) =>
      (await response).body.details.map((detail) => detail.field);
    expect(await fieldsOf(as(admin).patch(target, { role: 'boss' }).expect(400))).toEqual(['role']);
    expect(await fieldsOf(as(admin).patch(target, { extension: '10 20' }).expect(400))).toEqual([
      'extension',
    ]);
    expect(await fieldsOf(as(admin).patch(target, { disabled: 'yes' }).expect(400))).toEqual(['disabled']);
    expect(await fieldsOf(as(admin).patch(target, { surprise: 1 }).expect(400))).toEqual(['surprise']);
    expect(await fieldsOf(as(admin).put(`${target}/password`, { password: 'short' }).expect(400))).toEqual([
      'password',
    ]);
    const badId = await as(admin).patch('/api/users/not-a-uuid', { role: 'operator' }).expect(400);
    expect(JSON.stringify(badId.body)).toContain('uuid');
    await as(admin)
      .patch('/api/users/00000000-0000-4000-8000-000000000000', { role: 'operator' })
      .expect(404);
  });
  it("refuses a user's earlier tokens once an admin disables, demotes, re-passwords or deletes them, and closes their sockets", async () => {
    const changes: Array<[string, (id: string) => Promise<unknown>]> = [
      ['disabled', (id) => as(admin).patch(`/api/users/${id}`, { disabled: true }).expect(200)],
      ['demoted', (id) => as(admin).patch(`/api/users/${id}`, { role: 'operator' }).expect(200)],
      [
        're-passworded',
        (id) => as(admin).put(`/api/users/${id}/password`, { password: 'another-one' }).expect(204),
      ],
      ['deleted', (id) => as(admin).delete(`/api/users/${id}`).expect(204)],
    ];
    for (const [what, change] of changes) {
      const victim = await t.createUser({ role: 'supervisor' });
      const socket = rawSocket(t.url, { token: victim.token });
      await nextEvent(socket, 'connected');
      await t.http.get('/api/agents').set('Authorization', `Bearer ${victim.token}`).expect(200);
      const reason = nextEvent(socket, 'disconnect-reason');
      const closed = nextEvent(socket, 'disconnect');

      await change(victim.user.id);

      expect([what, await reason]).toEqual([
        what,
        expect.objectContaining<Partial<DisconnectReasonPayload>>({ code: 'ACCESS_REVOKED' }),
      ]);
      expect([what, await closed]).toEqual([what, 'io server disconnect']);
      const refused = await t.http.get('/api/agents').set('Authorization', `Bearer ${victim.token}`);
      expect([what, refused.status, refused.body.message]).toEqual([
        what,
        401,
        'Token revoked: sign in again',
      ]);
      const again = rawSocket(t.url, { token: victim.token });
      const error = (await nextEvent(again, 'connect_error')) as Error & { data?: { code?: string } };
      expect([what, error.data?.code]).toEqual([what, 'INVALID_TOKEN']);
    }
  });

  it('lets a user whose extension changed sign in again at once, and leaves other users and re-enabling alone', async () => {
    const moved = await t.createUser({ role: 'operator', extension: '1031', password: 'long-enough' });
    const bystander = await t.createUser({ role: 'operator' });
    const me = (token: string) => t.http.get('/api/auth/me').set('Authorization', `Bearer ${token}`);
    await as(admin).patch(`/api/users/${moved.user.id}`, { extension: '1032' }).expect(200);
    await me(moved.token).expect(401);
    // Signed in the same millisecond as the revocation: the new token passes (iatMs, not iat's seconds).
    const fresh = (await login(moved.user.username, 'long-enough').expect(200)).body.accessToken as string;
    expect((await me(fresh).expect(200)).body.extension).toBe('1032');
    await me(bystander.token).expect(200);
    // Disabling refuses the tokens it finds; enabling again revokes nothing, so a new token passes.
    await as(admin).patch(`/api/users/${moved.user.id}`, { disabled: true }).expect(200);
    await me(fresh).expect(401);
    await as(admin).patch(`/api/users/${moved.user.id}`, { disabled: false }).expect(200);
    await me(await t.tokenFor({ ...moved.user, extension: '1032' })).expect(200);
  });
});
