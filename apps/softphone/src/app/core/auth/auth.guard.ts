import { inject } from '@angular/core';
import { type CanActivateFn, Router } from '@angular/router';
import type { UserRole } from '@cc/contracts';
import { AuthService } from './auth.service';
import { homePathForRole, roleAtLeast } from './role-access.policy';

export const authGuard: CanActivateFn = (_route, state) => {
  if (inject(AuthService).hasValidSession()) return true;
  return inject(Router).createUrlTree(['/login'], { queryParams: { returnUrl: state.url } });
};

/** Someone already signed in has no business on /login: send them home. */
export const guestGuard: CanActivateFn = () => {
  const auth = inject(AuthService);
  const user = auth.hasValidSession() ? auth.currentUser() : null;
  return user ? inject(Router).parseUrl(homePathForRole(user.role)) : true;
};

export function roleGuard(required: UserRole): CanActivateFn {
  return () => {
    const auth = inject(AuthService);
    const router = inject(Router);
    const user = auth.hasValidSession() ? auth.currentUser() : null;
    if (!user) return router.createUrlTree(['/login']);
    return roleAtLeast(user.role, required) ? true : router.parseUrl(homePathForRole(user.role));
  };
}
