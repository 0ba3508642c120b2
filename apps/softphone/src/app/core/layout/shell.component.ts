import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { Router, RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import type { UserRole } from '@cc/contracts';
import { AuthService } from '../auth/auth.service';
import { roleAtLeast } from '../auth/role-access.policy';

interface NavEntry {
  path: string;
  label: string;
  requires: UserRole;
}

const NAV: readonly NavEntry[] = [
  { path: '/phone', label: 'Phone', requires: 'operator' },
  { path: '/dashboard', label: 'Dashboard', requires: 'supervisor' },
  { path: '/admin', label: 'Admin', requires: 'admin' },
];

@Component({
  selector: 'cc-shell',
  imports: [RouterOutlet, RouterLink, RouterLinkActive],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <header class="bar">
      <span class="brand">Contact centre</span>
      <nav aria-label="Main">
        @for (entry of nav(); track entry.path) {
          <a [routerLink]="entry.path" routerLinkActive="active" ariaCurrentWhenActive="page">{{
            entry.label
          }}</a>
        }
      </nav>
      @if (user(); as u) {
        <span class="who">
          {{ u.username }}
          <span class="role">({{ u.role }}{{ u.extension ? ', ext. ' + u.extension : '' }})</span>
        </span>
      }
      <button type="button" class="cc-button-quiet" (click)="logout()">Sign out</button>
    </header>
    <main>
      <router-outlet />
    </main>
  `,
  styles: `
    .bar {
      display: flex;
      align-items: center;
      gap: 1rem;
      padding: 0.5rem 1.5rem;
      background: var(--cc-surface);
      border-bottom: 1px solid var(--cc-border);
    }
    .brand {
      font-weight: 600;
    }
    nav {
      display: flex;
      gap: 0.75rem;
      flex: 1;
    }
    nav a {
      text-decoration: none;
      padding: 0.25rem 0.5rem;
      border-radius: var(--cc-radius);
    }
    nav a.active {
      background: var(--cc-bg);
      font-weight: 600;
    }
    .role {
      color: var(--cc-muted);
    }
    main {
      padding: 1.5rem;
      max-width: 72rem;
      margin: 0 auto;
    }
  `,
})
export class ShellComponent {
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);

  protected readonly user = this.auth.currentUser;
  protected readonly nav = computed(() => {
    const role = this.user()?.role;
    return role ? NAV.filter((entry) => roleAtLeast(role, entry.requires)) : [];
  });

  protected logout(): void {
    this.auth.logout();
    void this.router.navigateByUrl('/login');
  }
}
