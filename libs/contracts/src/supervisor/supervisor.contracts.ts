/** How a supervisor joins an agent's call (ChanSpy options `q`, `qw`, `qB`). */
export const SPY_MODES = ['listen', 'whisper', 'barge'] as const;
export type SpyMode = (typeof SPY_MODES)[number];

/** Body of `POST /api/supervisor/spy`. */
export interface SpyRequest {
  extension: string;
  mode: SpyMode;
}

export interface SpyResult {
  extension: string;
  mode: SpyMode;
  /** The agent channel being spied on (`PJSIP/1001-00000004`). */
  agentChannel: string;
  /** The supervisor's own extension the spy call rings. */
  supervisorExtension: string;
}
