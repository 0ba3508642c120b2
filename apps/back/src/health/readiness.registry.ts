import { Injectable } from '@nestjs/common';
import type { DependencyState } from '@cc/contracts';

export interface ReadinessCheckResult {
  status: DependencyState;
  details?: Record<string, unknown>;
}

export type ReadinessCheck = () => Promise<ReadinessCheckResult>;

export interface ReadinessCheckOptions {
  /** A required dependency that is `down` makes /health/ready answer 503. Default true. */
  required?: boolean;
  /** Default 2000 ms; a check that takes longer counts as down. */
  timeoutMs?: number;
}

export interface ReadinessReport {
  /** `error` (HTTP 503) when a required check is down; a degraded check leaves it `ok`. */
  status: 'ok' | 'error';
  /** Names of the checks that are up with a known gap: serving, but worth an operator's look. */
  degraded: string[];
  checks: Record<string, ReadinessCheckResult & { required: boolean }>;
}

interface RegisteredCheck {
  check: ReadinessCheck;
  required: boolean;
  timeoutMs: number;
}

const DEFAULT_TIMEOUT_MS = 2000;

function withTimeout(check: ReadinessCheck, timeoutMs: number): Promise<ReadinessCheckResult> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<ReadinessCheckResult>((resolve) => {
    timer = setTimeout(
      () => resolve({ status: 'down', details: { error: `timed out after ${timeoutMs} ms` } }),
      timeoutMs,
    );
  });
  const run = check().catch((error: unknown): ReadinessCheckResult => ({
    status: 'down',
    details: { error: error instanceof Error ? error.message : String(error) },
  }));
  return Promise.race([run, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Dependencies that /health/ready reports on. Feature modules (AMI, bus, ...) import HealthModule and call
 * `register('ami', async () => ({ status: 'up' }))` from their constructor or onModuleInit.
 */
@Injectable()
export class ReadinessRegistry {
  private readonly checks = new Map<string, RegisteredCheck>();

  register(name: string, check: ReadinessCheck, options: ReadinessCheckOptions = {}): void {
    this.checks.set(name, {
      check,
      required: options.required ?? true,
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    });
  }

  names(): string[] {
    return [...this.checks.keys()];
  }

  async run(): Promise<ReadinessReport> {
    const entries = await Promise.all(
      [...this.checks.entries()].map(async ([name, registered]) => {
        const result = await withTimeout(registered.check, registered.timeoutMs);
        return [name, { ...result, required: registered.required }] as const;
      }),
    );
    const checks = Object.fromEntries(entries);
    const failed = entries.some(([, result]) => result.required && result.status === 'down');
    const degraded = entries.filter(([, result]) => result.status === 'degraded').map(([name]) => name);
    return { status: failed ? 'error' : 'ok', degraded, checks };
  }
}
