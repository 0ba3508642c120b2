import type { UserRole } from '@cc/contracts';
import { type CanActivate, type ExecutionContext, ForbiddenException, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { AuthenticatedRequest } from '../access/authenticated-request';
import { roleSatisfiesAny } from './domain/role-hierarchy';
import { ROLES_KEY } from '../access/roles.decorator';

/** Global, runs after JwtAuthGuard: enforces `@Roles(...)` with the role hierarchy. */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') {
      return true;
    }
    const required = this.reflector.getAllAndOverride<UserRole[] | undefined>(ROLES_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!required || required.length === 0) {
      return true;
    }
    const user = context.switchToHttp().getRequest<AuthenticatedRequest>().user;
    if (!user || !roleSatisfiesAny(user.role, required)) {
      throw new ForbiddenException(`Requires role ${required.join(' or ')}`);
    }
    return true;
  }
}
