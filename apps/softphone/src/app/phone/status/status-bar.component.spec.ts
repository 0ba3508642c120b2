import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import type { AgentStatusView, PauseReason } from '@cc/contracts';
import { provideTranslateLoader, provideTranslateService, TranslateService } from '@ngx-translate/core';
import { firstValueFrom } from 'rxjs';
import { AUTH_CLOCK, AuthService } from '../../core/auth/auth.service';
import { BundledTranslateLoader } from '../../core/i18n/bundled-translate.loader';
import { MyStatusService } from './my-status.service';
import { StatusBarComponent } from './status-bar.component';

const NOW = Date.parse('2026-01-01T10:05:00Z');

const reasons: PauseReason[] = [
  { id: 1, code: 'LUNCH', label: 'Lunch', status: 'BREAK', paid: false, maxDurationSeconds: 3600 },
  { id: 2, code: 'COFFEE', label: 'Coffee', status: 'BREAK', paid: true, maxDurationSeconds: 900 },
  {
    id: 3,
    code: 'TRAIN',
    label: 'Product training',
    status: 'TRAINING',
    paid: true,
    maxDurationSeconds: null,
  },
];

const onCall: AgentStatusView = {
  extension: '1011',
  status: 'ON_CALL',
  previousStatus: 'ONLINE',
  reason: null,
  source: 'auto',
  statusChangedAt: '2026-01-01T10:03:30Z',
  nextStatus: 'BREAK',
  nextReason: 'Lunch',
  wrapUpEndsAt: null,
  userId: 'u-1',
};

async function render(agent: AgentStatusView) {
  const choose = vi.fn(async () => true);
  const fake = {
    agent: signal(agent),
    reasons: signal(reasons),
    callsToday: signal(7),
    feed: signal('ready'),
    error: signal(null),
    start: vi.fn(),
    choose,
  };
  TestBed.configureTestingModule({
    imports: [StatusBarComponent],
    providers: [
      provideTranslateService({ loader: provideTranslateLoader(BundledTranslateLoader), fallbackLang: 'en' }),
      { provide: MyStatusService, useValue: fake },
      {
        provide: AuthService,
        useValue: {
          currentUser: signal({ id: 'u-1', username: 'agent1011', role: 'operator', extension: '1011' }),
        },
      },
      { provide: AUTH_CLOCK, useValue: () => NOW },
    ],
  });
  await firstValueFrom(TestBed.inject(TranslateService).use('en'));
  const fixture = TestBed.createComponent(StatusBarComponent);
  await fixture.whenStable();
  return { fixture, element: fixture.nativeElement as HTMLElement, fake };
}

const text = (element: HTMLElement, testId: string) =>
  element.querySelector(`[data-testid="${testId}"]`)?.textContent?.trim();

describe('StatusBarComponent', () => {
  it('shows the status the server set, the time in it, the next status and the calls of the day', async () => {
    const { element } = await render(onCall);
    expect(text(element, 'current-status')).toBe('On a call');
    expect(element.textContent).toContain('1:30');
    expect(text(element, 'next-status')).toBe('Next: Break');
    expect(text(element, 'calls-today')).toBe('7');
    expect(element.querySelector('label[for="status-select"]')?.textContent?.trim()).toBe('After this call');
  });

  it('never offers ON_CALL or WRAP_UP, and offers only the chosen status’s reasons', async () => {
    const { fixture, element } = await render(onCall);
    const options = Array.from(element.querySelectorAll('#status-select option')).map((o) =>
      o.textContent?.trim(),
    );
    expect(options).toEqual(['Ready', 'Offline', 'Pause', 'Break', 'Training', 'Meeting', 'Do not disturb']);
    const select = element.querySelector<HTMLSelectElement>('#status-select');
    if (!select) throw new Error('no status select');
    select.value = 'BREAK';
    select.dispatchEvent(new Event('change'));
    await fixture.whenStable();
    const reasonOptions = Array.from(element.querySelectorAll('#reason-select option')).map((o) =>
      o.textContent?.trim(),
    );
    expect(reasonOptions).toEqual(['Lunch', 'Coffee']);
  });

  it('sends the chosen status with the reason code when the operator applies it', async () => {
    const { fixture, element, fake } = await render({ ...onCall, status: 'ONLINE', nextStatus: null });
    const select = element.querySelector<HTMLSelectElement>('#status-select');
    if (!select) throw new Error('no status select');
    select.value = 'BREAK';
    select.dispatchEvent(new Event('change'));
    await fixture.whenStable();
    element.querySelector<HTMLButtonElement>('button[type="submit"]')?.click();
    await fixture.whenStable();
    expect(fake.choose).toHaveBeenCalledWith('BREAK', 'LUNCH');
  });
});
