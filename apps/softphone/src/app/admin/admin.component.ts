import { HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import {
  AGENT_STATUSES,
  type AdminQueue,
  type PauseReason,
  QUEUE_STRATEGIES,
  type QueueStrategy,
  type SyncStatus,
  USER_ROLES,
  type UserRole,
  type UpdateUserRequest,
  type UserSummary,
} from '@cc/contracts';
import { TranslatePipe } from '@ngx-translate/core';
import { AdminApi } from './admin.api';

// As the server checks it (a dial string); the create form asks for digits only.
const EXTENSION = /^[0-9A-Za-z*#+]{1,32}$/;

type Load<T> = { kind: 'loading' } | { kind: 'ready'; value: T } | { kind: 'unavailable' };

@Component({
  selector: 'cc-admin',
  imports: [ReactiveFormsModule, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './admin.component.html',
  styleUrl: './admin.component.css',
})
export class AdminComponent {
  private readonly api = inject(AdminApi);
  private readonly fb = inject(NonNullableFormBuilder);

  protected readonly roles = USER_ROLES;
  protected readonly statuses = AGENT_STATUSES;
  protected readonly strategies = QUEUE_STRATEGIES;
  protected readonly sync = signal<Load<SyncStatus>>({ kind: 'loading' });
  protected readonly queues = signal<Load<AdminQueue[]>>({ kind: 'loading' });
  protected readonly users = signal<Load<UserSummary[]>>({ kind: 'loading' });
  protected readonly reasons = signal<Load<PauseReason[]>>({ kind: 'loading' });
  protected readonly confirmingClear = signal(false);
  protected readonly confirmingQueueDelete = signal<string | null>(null);
  protected readonly confirmingUserDelete = signal<string | null>(null);
  /** The user whose new password is being typed, if any. */
  protected readonly resettingPassword = signal<string | null>(null);
  protected readonly notice = signal<string | null>(null);

  protected readonly userForm = this.fb.group({
    username: ['', [Validators.required, Validators.maxLength(64)]],
    password: ['', [Validators.required, Validators.minLength(8)]],
    role: this.fb.control<UserRole>('operator'),
    extension: ['', [Validators.pattern(/^[0-9]{2,8}$/)]],
  });
  protected readonly reasonForm = this.fb.group({
    code: ['', [Validators.required, Validators.pattern(/^[A-Za-z0-9_-]{1,32}$/)]],
    label: ['', Validators.required],
    status: this.fb.control<PauseReason['status']>('BREAK'),
    maxMinutes: [''],
  });

  protected readonly queueForm = this.fb.group({
    name: ['', [Validators.required, Validators.pattern(/^[A-Za-z0-9_.-]{1,128}$/)]],
    strategy: this.fb.control<QueueStrategy>('rrmemory'),
  });
  protected readonly memberForm = this.fb.group({
    queue: ['', Validators.required],
    interface: ['', [Validators.required, Validators.pattern(/^[A-Za-z0-9]+\/[^\s,|]{1,120}$/)]],
    penalty: ['0', Validators.pattern(/^[0-9]{1,4}$/)],
  });

  constructor() {
    void this.reload();
  }

  protected async reload(): Promise<void> {
    await Promise.all([
      load(this.sync, () => this.api.syncStatus()),
      this.reloadQueues(),
      load(this.users, () => this.api.users()),
      load(this.reasons, () => this.api.pauseReasons()),
    ]);
  }

  protected async resync(): Promise<void> {
    await this.act(() => this.api.resync(), 'admin.sync.done');
    await load(this.sync, () => this.api.syncStatus());
  }

  protected async clear(): Promise<void> {
    this.confirmingClear.set(false);
    await this.act(() => this.api.clearLiveState(), 'admin.clear.done');
  }

  protected async createQueue(): Promise<void> {
    if (this.queueForm.invalid) {
      this.queueForm.markAllAsTouched();
      return;
    }
    await this.act(() => this.api.createQueue(this.queueForm.getRawValue()), 'admin.queues.created');
    this.queueForm.reset();
    await this.reloadQueues();
  }

  protected async deleteQueue(name: string): Promise<void> {
    this.confirmingQueueDelete.set(null);
    await this.act(() => this.api.deleteQueue(name), 'admin.queues.deleted');
    await this.reloadQueues();
  }

  protected async addMember(): Promise<void> {
    if (this.memberForm.invalid) {
      this.memberForm.markAllAsTouched();
      return;
    }
    const value = this.memberForm.getRawValue();
    await this.act(
      () =>
        this.api.addMember(value.queue, { interface: value.interface, penalty: Number(value.penalty || 0) }),
      'admin.queues.memberAdded',
    );
    this.memberForm.patchValue({ interface: '', penalty: '0' });
    await this.reloadQueues();
  }

  protected async setPenalty(queue: string, iface: string, input: HTMLInputElement): Promise<void> {
    const penalty = Number(input.value);
    if (!Number.isInteger(penalty) || penalty < 0) {
      this.notice.set('admin.queues.badPenalty');
      return;
    }
    await this.act(() => this.api.setPenalty(queue, iface, penalty), 'admin.queues.penaltyChanged');
    await this.reloadQueues();
  }

  protected async removeMember(queue: string, iface: string): Promise<void> {
    await this.act(() => this.api.removeMember(queue, iface), 'admin.queues.memberRemoved');
    await this.reloadQueues();
  }

  private async reloadQueues(): Promise<void> {
    await load(this.queues, async () => (await this.api.queues()).items);
    const loaded = this.queues();
    const chosen = this.memberForm.controls.queue;
    if (loaded.kind === 'ready' && !loaded.value.some((q) => q.name === chosen.value))
      chosen.setValue(loaded.value[0]?.name ?? '');
  }

  protected async createUser(): Promise<void> {
    if (this.userForm.invalid) {
      this.userForm.markAllAsTouched();
      return;
    }
    const value = this.userForm.getRawValue();
    await this.act(
      () => this.api.createUser({ ...value, extension: value.extension || null }),
      'admin.users.created',
    );
    this.userForm.reset();
    await load(this.users, () => this.api.users());
  }

  protected async changeRole(user: UserSummary, role: string): Promise<void> {
    const chosen = USER_ROLES.find((known) => known === role);
    if (!chosen) return;
    await this.updateUser(user, { role: chosen }, 'admin.users.updated');
  }

  protected async changeExtension(user: UserSummary, input: HTMLInputElement): Promise<void> {
    const extension = input.value.trim();
    if (extension !== '' && !EXTENSION.test(extension)) {
      this.notice.set('admin.users.badExtension');
      return;
    }
    await this.updateUser(user, { extension: extension || null }, 'admin.users.updated');
  }

  protected async setDisabled(user: UserSummary, disabled: boolean): Promise<void> {
    await this.updateUser(
      user,
      { disabled },
      disabled ? 'admin.users.disabledDone' : 'admin.users.enabledDone',
    );
  }

  protected async resetPassword(user: UserSummary, input: HTMLInputElement): Promise<void> {
    if (input.value.length < 8) {
      this.notice.set('admin.users.shortPassword');
      return;
    }
    await this.act(() => this.api.resetPassword(user.id, input.value), 'admin.users.passwordReset');
    input.value = '';
    this.resettingPassword.set(null);
  }

  protected async deleteUser(user: UserSummary): Promise<void> {
    this.confirmingUserDelete.set(null);
    await this.act(() => this.api.deleteUser(user.id), 'admin.users.deleted', 'admin.users.notYourself');
    await load(this.users, () => this.api.users());
  }

  private async updateUser(user: UserSummary, changes: UpdateUserRequest, done: string): Promise<void> {
    await this.act(() => this.api.updateUser(user.id, changes), done, 'admin.users.notYourself');
    // Reloaded either way: a refused change puts the select or the field back to what the server holds.
    await load(this.users, () => this.api.users());
  }

  protected async createReason(): Promise<void> {
    if (this.reasonForm.invalid) {
      this.reasonForm.markAllAsTouched();
      return;
    }
    const value = this.reasonForm.getRawValue();
    const minutes = Number(value.maxMinutes);
    await this.act(
      () =>
        this.api.createPauseReason({
          code: value.code,
          label: value.label,
          status: value.status,
          paid: false,
          maxDurationSeconds: minutes > 0 ? minutes * 60 : null,
        }),
      'admin.reasons.created',
    );
    await load(this.reasons, () => this.api.pauseReasons());
  }

  protected async deleteReason(id: number): Promise<void> {
    await this.act(() => this.api.deletePauseReason(id), 'admin.reasons.deleted');
    await load(this.reasons, () => this.api.pauseReasons());
  }

  private async act(action: () => Promise<unknown>, done: string, conflict = 'admin.failed'): Promise<void> {
    try {
      await action();
      this.notice.set(done);
    } catch (error) {
      this.notice.set(error instanceof HttpErrorResponse && error.status === 409 ? conflict : 'admin.failed');
    }
  }
}

async function load<T>(target: ReturnType<typeof signal<Load<T>>>, read: () => Promise<T>): Promise<void> {
  try {
    target.set({ kind: 'ready', value: await read() });
  } catch {
    target.set({ kind: 'unavailable' });
  }
}
