import { DataSource } from 'typeorm';
import { createTestApp, TEST_ADMIN, type TestApp, type TestUser } from '../../support/test-app';

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
    // Their own extension is theirs to change.
    await as(admin).patch(self, { extension: '1099' }).expect(200);
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
});
