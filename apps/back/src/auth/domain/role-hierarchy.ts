import { USER_ROLES, type UserRole } from '@cc/contracts';

/** USER_ROLES is ordered operator < supervisor < admin: a higher role passes any lower requirement. */
export function roleSatisfies(actual: UserRole, required: UserRole): boolean {
  return USER_ROLES.indexOf(actual) >= USER_ROLES.indexOf(required);
}

/** True when `actual` satisfies at least one of `required`; an empty list requires nothing. */
export function roleSatisfiesAny(actual: UserRole, required: readonly UserRole[]): boolean {
  return required.length === 0 || required.some((role) => roleSatisfies(actual, role));
}
