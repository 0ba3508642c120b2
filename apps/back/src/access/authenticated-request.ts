import type { AuthenticatedUser } from '@cc/contracts';
import type { Request } from 'express';

export interface AuthenticatedRequest extends Request {
  user?: AuthenticatedUser;
}
