import { HttpErrorResponse, type HttpInterceptorFn } from '@angular/common/http';
import { inject } from '@angular/core';
import { Router } from '@angular/router';
import { catchError, throwError } from 'rxjs';
import { AuthService } from './auth.service';

// The token is only for our own back end; absolute URLs (CDNs, third parties) never get it.
const isOwnApi = (url: string): boolean => url.startsWith('/') && !url.startsWith('//');

export const authInterceptor: HttpInterceptorFn = (req, next) => {
  const auth = inject(AuthService);
  const router = inject(Router);
  if (!isOwnApi(req.url) || auth.isLoginRequest(req.url)) return next(req);

  const token = auth.accessToken();
  const outgoing = token ? req.clone({ setHeaders: { Authorization: `Bearer ${token}` } }) : req;

  return next(outgoing).pipe(
    catchError((error: unknown) => {
      // A 401 on an authenticated call means the server no longer accepts the token (revoked,
      // secret rotated): drop it and ask the user to sign in again instead of failing silently.
      if (token && error instanceof HttpErrorResponse && error.status === 401) {
        auth.logout();
        void router.navigate(['/login'], { queryParams: { returnUrl: router.url } });
      }
      return throwError(() => error);
    }),
  );
};
