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
  /** A disabled user cannot sign in. */
  disabled: boolean;
  /** ISO-8601. */
  createdAt: string;
}

/** Body of `PATCH /api/users/:id` (admin only): what is present changes, what is absent stays. */
export interface UpdateUserRequest {
  role?: UserRole;
  /** null takes the extension away. */
  extension?: string | null;
  disabled?: boolean;
}

/** Body of `PUT /api/users/:id/password` (admin only). */
export interface ResetPasswordRequest {
  /** At least 8 characters. */
  password: string;
}
