export type LoginFailure = 'invalid-credentials' | 'rate-limited' | 'unavailable';

/**
 * HTTP status of a failed `POST /api/auth/login` -> what the user is told. Status 0 is what
 * HttpClient reports when the request never got an answer (server down, proxy gone, offline).
 */
export function loginFailureFromStatus(status: number): LoginFailure {
  if (status === 400 || status === 401 || status === 403) return 'invalid-credentials';
  if (status === 429) return 'rate-limited';
  return 'unavailable';
}
