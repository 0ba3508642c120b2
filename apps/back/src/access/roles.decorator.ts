import type { UserRole } from '@cc/contracts';
import { SetMetadata } from '@nestjs/common';

export const ROLES_KEY = 'auth:roles';

/** Minimum role(s) for a route; higher roles pass too (`@Roles('supervisor')` admits admins). */
export const Roles = (...roles: UserRole[]) => SetMetadata(ROLES_KEY, roles);
