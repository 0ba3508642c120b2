import { TestBed } from '@angular/core/testing';
import { HttpErrorResponse } from '@angular/common/http';
import type { AdminQueue, UserSummary } from '@cc/contracts';
import { provideTranslateLoader, provideTranslateService, TranslateService } from '@ngx-translate/core';
import { firstValueFrom } from 'rxjs';
import { BundledTranslateLoader } from '../core/i18n/bundled-translate.loader';
import { AdminApi } from './admin.api';
import { AdminComponent } from './admin.component';

const billing: AdminQueue = {
  name: 'billing',
  strategy: 'rrmemory',
  wrapupSeconds: 10,
  serviceLevelSeconds: 30,
  members: [{ interface: 'PJSIP/1005', memberName: 'Agent 1005', extension: '1005', penalty: 1 }],
};

const ana: UserSummary = {
  id: '5f0c1a52-0000-4000-8000-000000000001',
  username: 'ana',
  role: 'operator',
  extension: '1012',
  disabled: false,
  createdAt: '2026-01-01T00:00:00Z',
};

async function render(api: Partial<Record<keyof AdminApi, unknown>> = {}) {
  const fake = {
    syncStatus: vi.fn(async () => ({ inSync: true, differences: [] })),
    users: vi.fn(async () => []),
    pauseReasons: vi.fn(async () => []),
    queues: vi.fn(async () => ({ items: [billing] })),
    createQueue: vi.fn(async () => billing),
    deleteQueue: vi.fn(async () => undefined),
    addMember: vi.fn(async () => billing),
    setPenalty: vi.fn(async () => billing),
    removeMember: vi.fn(async () => billing),
    updateUser: vi.fn(async () => ana),
    resetPassword: vi.fn(async () => undefined),
    deleteUser: vi.fn(async () => undefined),
    ...api,
  };
  TestBed.configureTestingModule({
    imports: [AdminComponent],
    providers: [
      provideTranslateService({ loader: provideTranslateLoader(BundledTranslateLoader), fallbackLang: 'en' }),
      { provide: AdminApi, useValue: fake },
    ],
  });
  await firstValueFrom(TestBed.inject(TranslateService).use('en'));
  const fixture = TestBed.createComponent(AdminComponent);
  await fixture.whenStable();
  return { fixture, element: fixture.nativeElement as HTMLElement, fake };
}

function byLabel<T extends HTMLElement>(element: HTMLElement, label: string): T {
  const found = element.querySelector<T>(`[aria-label="${label}"]`);
  if (!found) throw new Error(`nothing labelled ${label}`);
  return found;
}

describe('AdminComponent queues panel', () => {
  it('lists each queue with its members and their penalties', async () => {
    const { element } = await render();
    const row = element.querySelector('tr[data-queue="billing"]');
    expect(row?.textContent).toContain('rrmemory');
    expect(row?.querySelector('li[data-interface="PJSIP/1005"]')?.textContent).toContain('PJSIP/1005');
    expect(byLabel<HTMLInputElement>(element, 'Penalty of PJSIP/1005 in billing').value).toBe('1');
  });

  it('sends a changed penalty and a member removal for that queue and interface', async () => {
    const { fixture, element, fake } = await render();
    const penalty = byLabel<HTMLInputElement>(element, 'Penalty of PJSIP/1005 in billing');
    penalty.value = '4';
    penalty.dispatchEvent(new Event('change'));
    await fixture.whenStable();
    expect(fake.setPenalty).toHaveBeenCalledWith('billing', 'PJSIP/1005', 4);
    expect(element.textContent).toContain('Penalty changed in the exchange.');

    byLabel<HTMLButtonElement>(element, 'Remove PJSIP/1005 from billing').click();
    await fixture.whenStable();
    expect(fake.removeMember).toHaveBeenCalledWith('billing', 'PJSIP/1005');
  });

  it('adds a member to the first queue unless another is chosen, and refuses a malformed interface', async () => {
    const { fixture, element, fake } = await render();
    const iface = element.querySelector<HTMLInputElement>('#member-interface');
    const submit = element.querySelectorAll<HTMLButtonElement>('form button[type="submit"]')[1];
    if (!iface || !submit) throw new Error('no member form');
    iface.value = '1006';
    iface.dispatchEvent(new Event('input'));
    submit.click();
    await fixture.whenStable();
    expect(fake.addMember).not.toHaveBeenCalled();

    iface.value = 'PJSIP/1006';
    iface.dispatchEvent(new Event('input'));
    submit.click();
    await fixture.whenStable();
    expect(fake.addMember).toHaveBeenCalledWith('billing', { interface: 'PJSIP/1006', penalty: 0 });
  });

  it('deletes a queue only after the admin confirms', async () => {
    const { fixture, element, fake } = await render();
    const buttons = () => Array.from(element.querySelectorAll<HTMLButtonElement>('tr[data-queue] button'));
    buttons()
      .find((b) => b.textContent?.trim() === 'Delete')
      ?.click();
    await fixture.whenStable();
    expect(fake.deleteQueue).not.toHaveBeenCalled();
    buttons()
      .find((b) => b.textContent?.trim() === 'Yes, delete it')
      ?.click();
    await fixture.whenStable();
    expect(fake.deleteQueue).toHaveBeenCalledWith('billing');
  });

  it('says so when the server refuses a change', async () => {
    const { fixture, element } = await render({
      setPenalty: vi.fn(async () => Promise.reject(new Error('409'))),
    });
    const penalty = byLabel<HTMLInputElement>(element, 'Penalty of PJSIP/1005 in billing');
    penalty.value = '2';
    penalty.dispatchEvent(new Event('change'));
    await fixture.whenStable();
    expect(element.textContent).toContain('The server refused or did not answer.');
  });
});

describe('AdminComponent users panel', () => {
  const withAna = { users: vi.fn(async () => [ana]) };
  const buttonNamed = (element: HTMLElement, name: string): HTMLButtonElement => {
    const found = Array.from(element.querySelectorAll<HTMLButtonElement>('tr[data-user="ana"] button')).find(
      (button) => button.textContent?.trim() === name,
    );
    if (!found) throw new Error(`no button ${name}`);
    return found;
  };

  it("changes a user's role and extension, and takes the extension away when emptied", async () => {
    const { fixture, element, fake } = await render(withAna);
    const role = byLabel<HTMLSelectElement>(element, 'Role of ana');
    expect(role.value).toBe('operator');
    role.value = 'supervisor';
    role.dispatchEvent(new Event('change'));
    await fixture.whenStable();
    expect(fake.updateUser).toHaveBeenCalledWith(ana.id, { role: 'supervisor' });
    expect(element.textContent).toContain('User changed.');

    const extension = byLabel<HTMLInputElement>(element, 'Extension of ana');
    extension.value = '1013';
    extension.dispatchEvent(new Event('change'));
    await fixture.whenStable();
    expect(fake.updateUser).toHaveBeenLastCalledWith(ana.id, { extension: '1013' });
    extension.value = '';
    extension.dispatchEvent(new Event('change'));
    await fixture.whenStable();
    expect(fake.updateUser).toHaveBeenLastCalledWith(ana.id, { extension: null });
  });

  it('refuses a malformed extension without asking the server', async () => {
    const { fixture, element, fake } = await render(withAna);
    const extension = byLabel<HTMLInputElement>(element, 'Extension of ana');
    extension.value = '10 12';
    extension.dispatchEvent(new Event('change'));
    await fixture.whenStable();
    expect(fake.updateUser).not.toHaveBeenCalled();
    expect(element.textContent).toContain('An extension is up to 32 digits');
  });

  it('resets a password of 8 characters or more, and refuses a shorter one', async () => {
    const { fixture, element, fake } = await render(withAna);
    buttonNamed(element, 'Reset password').click();
    await fixture.whenStable();
    const password = byLabel<HTMLInputElement>(element, 'New password of ana');
    password.value = 'short';
    buttonNamed(element, 'Set password').click();
    await fixture.whenStable();
    expect(fake.resetPassword).not.toHaveBeenCalled();
    expect(element.textContent).toContain('A password has at least 8 characters.');

    password.value = 'long-enough';
    buttonNamed(element, 'Set password').click();
    await fixture.whenStable();
    expect(fake.resetPassword).toHaveBeenCalledWith(ana.id, 'long-enough');
    expect(element.textContent).toContain('Password reset.');
    expect(element.querySelector('[aria-label="New password of ana"]')).toBeNull();
  });

  it('disables a user, and deletes one only after the admin confirms', async () => {
    const { fixture, element, fake } = await render(withAna);
    buttonNamed(element, 'Disable').click();
    await fixture.whenStable();
    expect(fake.updateUser).toHaveBeenCalledWith(ana.id, { disabled: true });

    buttonNamed(element, 'Delete').click();
    await fixture.whenStable();
    expect(fake.deleteUser).not.toHaveBeenCalled();
    buttonNamed(element, 'Yes, delete the user').click();
    await fixture.whenStable();
    expect(fake.deleteUser).toHaveBeenCalledWith(ana.id);
    expect(element.textContent).toContain('User deleted.');
  });

  it('explains a refusal on the own account (409) apart from other failures', async () => {
    const { fixture, element } = await render({
      ...withAna,
      updateUser: vi.fn(async () => Promise.reject(new HttpErrorResponse({ status: 409 }))),
    });
    buttonNamed(element, 'Disable').click();
    await fixture.whenStable();
    expect(element.textContent).toContain('You cannot demote, disable or delete your own account.');
  });

  it('shows a disabled user as such, with Enable instead of Disable', async () => {
    const { fixture, element, fake } = await render({
      users: vi.fn(async () => [{ ...ana, disabled: true }]),
    });
    expect(element.querySelector('tr[data-user="ana"] [data-testid="user-disabled"]')).not.toBeNull();
    buttonNamed(element, 'Enable').click();
    await fixture.whenStable();
    expect(fake.updateUser).toHaveBeenCalledWith(ana.id, { disabled: false });
  });
});
