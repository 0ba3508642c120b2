/** `degraded`: working, but with a known gap (e.g. the live state not fully rebuilt since a reconnect). */
export type DependencyState = 'up' | 'down' | 'disabled' | 'degraded';

export interface ApiErrorBody {
  statusCode: number;
  error: string;
  message: string;
  /** Per-field reasons for a 400: `{ field: 'username', reasons: ['username must be a string'] }`. */
  details?: Array<{ field: string; reasons: string[] }>;
  requestId?: string;
}
