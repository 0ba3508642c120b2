/** Roles are ordered: each one may do what the roles before it may do. */
export const USER_ROLES = ['operator', 'supervisor', 'admin'] as const;
export type UserRole = (typeof USER_ROLES)[number];

export interface LoginRequest {
  username: string;
  password: string;
}

export interface AuthenticatedUser {
  id: string;
  username: string;
  role: UserRole;
  extension: string | null;
}

export interface LoginResponse {
  accessToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
  user: AuthenticatedUser;
}

/** Claims carried by our JWTs. */
export interface JwtClaims {
  sub: string;
  username: string;
  role: UserRole;
  extension: string | null;
  /** Issued at, in ms (`iat` has seconds): a token issued before its user's revocation is refused. */
  iatMs?: number;
}
