import { USER_ROLES, type AuthenticatedUser, type LoginResponse, type UserRole } from '@cc/contracts';

/** What the browser keeps between reloads of one tab. */
export interface AuthSession {
  accessToken: string;
  /** Epoch milliseconds after which the token is no longer sent. */
  expiresAt: number;
  user: AuthenticatedUser;
}

// Drop the token a little before the server would, so a request never leaves with a token that
// expires in flight.
const EXPIRY_MARGIN_MS = 5_000;

export function sessionFromLogin(response: LoginResponse, nowMs: number): AuthSession {
  return {
    accessToken: response.accessToken,
    expiresAt: nowMs + response.expiresIn * 1000 - EXPIRY_MARGIN_MS,
    user: response.user,
  };
}

export function isSessionExpired(session: AuthSession, nowMs: number): boolean {
  return session.expiresAt <= nowMs;
}

export function encodeSession(session: AuthSession): string {
  return JSON.stringify(session);
}

/** Anything stored by an older build, edited by hand or already expired counts as "no session". */
export function decodeSession(raw: string | null, nowMs: number): AuthSession | null {
  if (!raw) return null;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return null;
  }
  if (!isRecord(value)) return null;
  const { accessToken, expiresAt, user } = value;
  if (typeof accessToken !== 'string' || accessToken.length === 0) return null;
  if (typeof expiresAt !== 'number' || !Number.isFinite(expiresAt)) return null;
  const parsedUser = decodeUser(user);
  if (!parsedUser) return null;
  const session: AuthSession = { accessToken, expiresAt, user: parsedUser };
  return isSessionExpired(session, nowMs) ? null : session;
}

function decodeUser(value: unknown): AuthenticatedUser | null {
  if (!isRecord(value)) return null;
  const { id, username, role, extension } = value;
  if (typeof id !== 'string' || typeof username !== 'string' || !isUserRole(role)) return null;
  if (extension !== null && typeof extension !== 'string') return null;
  return { id, username, role, extension };
}

function isUserRole(value: unknown): value is UserRole {
  return typeof value === 'string' && (USER_ROLES as readonly string[]).includes(value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
