import { USER_ROLES, type UserRole } from '@cc/contracts';

/** USER_ROLES is ordered, so a supervisor may open what an operator may, and an admin everything. */
export function roleAtLeast(role: UserRole, required: UserRole): boolean {
  return USER_ROLES.indexOf(role) >= USER_ROLES.indexOf(required);
}

const HOME_BY_ROLE: Readonly<Record<UserRole, string>> = {
  operator: '/phone',
  supervisor: '/dashboard',
  admin: '/admin',
};

export function homePathForRole(role: UserRole): string {
  return HOME_BY_ROLE[role];
}

/**
 * Only same-app paths are followed after login; `//evil.example` and absolute URLs would turn the
 * login page into an open redirect.
 */
export function safeReturnPath(candidate: string | null | undefined): string | null {
  if (!candidate || !candidate.startsWith('/') || candidate.startsWith('//') || candidate.startsWith('/\\')) {
    return null;
  }
  if (candidate === '/login' || candidate.startsWith('/login?')) return null;
  return candidate;
}
