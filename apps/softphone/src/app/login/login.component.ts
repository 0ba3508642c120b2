import { ChangeDetectionStrategy, Component, inject, input, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { Router } from '@angular/router';
import { TranslatePipe } from '@ngx-translate/core';
import { AuthService } from '../core/auth/auth.service';
import type { LoginFailure } from '../core/auth/login-failure.mapper';
import { homePathForRole, safeReturnPath } from '../core/auth/role-access.policy';
import { ShiftStart } from '../phone/status/shift-start';

type LoginState = { kind: 'editing' } | { kind: 'submitting' } | { kind: 'failed'; failure: LoginFailure };

@Component({
  selector: 'cc-login',
  imports: [ReactiveFormsModule, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './login.component.html',
  styleUrl: './login.component.css',
})
export class LoginComponent {
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);
  private readonly shiftStart = inject(ShiftStart);

  /** Bound from `?returnUrl=` by withComponentInputBinding. */
  readonly returnUrl = input<string>();

  protected readonly state = signal<LoginState>({ kind: 'editing' });
  protected readonly form = inject(NonNullableFormBuilder).group({
    username: ['', [Validators.required, Validators.maxLength(64)]],
    password: ['', [Validators.required, Validators.maxLength(256)]],
  });

  protected async submit(): Promise<void> {
    if (this.state().kind === 'submitting') return;
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    this.state.set({ kind: 'submitting' });
    const result = await this.auth.login(this.form.getRawValue());
    if (!result.ok) {
      this.state.set({ kind: 'failed', failure: result.failure });
      this.form.controls.password.reset();
      return;
    }
    this.state.set({ kind: 'editing' });
    if (result.user.extension) this.shiftStart.markSignedIn();
    const target = safeReturnPath(this.returnUrl()) ?? homePathForRole(result.user.role);
    await this.router.navigateByUrl(target);
  }
}
