import type { AuthenticatedUser, UserRole } from '../auth/auth.contracts';

/** Body of `POST /api/users` (admin only). */
export interface CreateUserRequest {
  username: string;
  /** At least 8 characters. */
  password: string;
  role: UserRole;
  extension?: string | null;
}

/** A user as `GET /api/users` lists it; never carries the password hash. */
export interface UserSummary extends AuthenticatedUser {
  /** ISO-8601. */
  createdAt: string;
}
