import { inject, Injectable } from '@angular/core';
import { AUTO_REASON_PREFIX, type AgentStatusView } from '@cc/contracts';
import { AUTH_STORAGE } from '../../core/auth/auth.service';

const KEY = 'cc.shift.pending';

/**
 * Signing in starts a shift: the first time the phone is registered after an operator signs in, an
 * OFFLINE agent becomes ONLINE. Only then: a reload keeps whatever status the agent chose, and an
 * automatic OFFLINE (endpoint lost) is left for the server to undo, as it does when the phone is back.
 */
@Injectable({ providedIn: 'root' })
export class ShiftStart {
  // The tab's session storage: a sign-in in another tab starts that tab's shift, not this one's.
  private readonly storage = inject(AUTH_STORAGE);

  markSignedIn(): void {
    try {
      this.storage.setItem(KEY, '1');
    } catch {
      // Without storage the operator sets Ready by hand.
    }
  }

  /** True once, when a pending sign-in meets a registered phone and a manually or initially OFFLINE agent. */
  takeIfDue(agent: AgentStatusView | null, registered: boolean): boolean {
    let pending = false;
    try {
      pending = this.storage.getItem(KEY) === '1';
    } catch {
      return false;
    }
    if (!pending || !registered || !agent) return false;
    this.storage.removeItem(KEY);
    return shouldStartShift(agent);
  }
}

export function shouldStartShift(agent: Pick<AgentStatusView, 'status' | 'reason'>): boolean {
  return agent.status === 'OFFLINE' && !(agent.reason ?? '').startsWith(AUTO_REASON_PREFIX);
}
