import type { AuthenticatedUser, UserSummary } from '@cc/contracts';
import type { UserEntity } from './entities/user.entity';

export const toUserSummary = (user: UserEntity): UserSummary => ({
  id: user.id,
  username: user.username,
  role: user.role,
  extension: user.extension,
  disabled: user.disabled,
  createdAt: user.createdAt.toISOString(),
});

export const toAuthenticatedUser = (user: UserEntity): AuthenticatedUser => ({
  id: user.id,
  username: user.username,
  role: user.role,
  extension: user.extension,
});
