import { inject } from '@angular/core';
import { Routes } from '@angular/router';
import { AuthService } from './core/auth/auth.service';
import { authGuard, guestGuard, roleGuard } from './core/auth/auth.guard';
import { homePathForRole } from './core/auth/role-access.policy';
import { ShellComponent } from './core/layout/shell.component';

// Redirects run before guards, so the empty path decides on its own where a visitor belongs.
const homeOrLogin = (): string => {
  const user = inject(AuthService).currentUser();
  return user ? homePathForRole(user.role) : '/login';
};

export const APP_ROUTES: Routes = [
  {
    path: 'login',
    canActivate: [guestGuard],
    title: 'Sign in',
    loadComponent: () => import('./login/login.component').then((m) => m.LoginComponent),
  },
  // Outside the shell: a wall screen shows numbers only, no navigation or controls.
  {
    path: 'wallboard',
    canActivate: [authGuard, roleGuard('supervisor')],
    title: 'Wallboard',
    loadComponent: () => import('./wallboard/wallboard.component').then((m) => m.WallboardComponent),
  },
  {
    path: '',
    component: ShellComponent,
    canActivate: [authGuard],
    canActivateChild: [authGuard],
    children: [
      {
        path: 'phone',
        canActivate: [roleGuard('operator')],
        title: 'Phone',
        loadComponent: () => import('./phone/phone.component').then((m) => m.PhoneComponent),
      },
      {
        path: 'dashboard',
        canActivate: [roleGuard('supervisor')],
        title: 'Dashboard',
        loadComponent: () => import('./dashboard/dashboard.component').then((m) => m.DashboardComponent),
      },
      {
        path: 'admin',
        canActivate: [roleGuard('admin')],
        title: 'Administration',
        loadComponent: () => import('./admin/admin.component').then((m) => m.AdminComponent),
      },
      { path: '', pathMatch: 'full', redirectTo: homeOrLogin },
    ],
  },
  { path: '**', redirectTo: '' },
];
