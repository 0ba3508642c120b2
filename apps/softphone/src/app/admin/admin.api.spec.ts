import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { AdminApi } from './admin.api';

describe('AdminApi users', () => {
  let api: AdminApi;
  let http: HttpTestingController;
  const id = '5f0c1a52-0000-4000-8000-000000000001';

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    api = TestBed.inject(AdminApi);
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  it('changes role, extension or the disabled flag with a PATCH of only what changes', async () => {
    const done = api.updateUser(id, { role: 'supervisor', extension: null });
    const call = http.expectOne(`/api/users/${id}`);
    expect(call.request.method).toBe('PATCH');
    expect(call.request.body).toEqual({ role: 'supervisor', extension: null });
    call.flush({ id });
    await expect(done).resolves.toEqual({ id });
  });

  it('resets a password with a PUT to the password of that user', async () => {
    const done = api.resetPassword(id, 'long-enough');
    const call = http.expectOne(`/api/users/${id}/password`);
    expect(call.request.method).toBe('PUT');
    expect(call.request.body).toEqual({ password: 'long-enough' });
    call.flush(null, { status: 204, statusText: 'No Content' });
    await done;
  });

  it('deletes a user, and passes a refusal on to the caller', async () => {
    const done = api.deleteUser(id);
    const call = http.expectOne(`/api/users/${id}`);
    expect(call.request.method).toBe('DELETE');
    call.flush({ message: 'own account' }, { status: 409, statusText: 'Conflict' });
    await expect(done).rejects.toMatchObject({ status: 409 });
  });
});
