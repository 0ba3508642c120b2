import type { Page } from 'playwright-core';
import { Client } from 'pg';

/** The status text of one agent's row in the supervisor's grid. */
export function dashboardStatus(page: Page, extension: string) {
  return page.locator(`tr[data-extension="${extension}"]`).getByTestId('agent-status');
}

/** The agent's row in Postgres (`agent_statuses`), where the platform keeps the desired status. */
export async function storedStatus(
  databaseUrl: string,
  extension: string,
): Promise<{ status: string; reason: string | null }> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const result = await client.query<{ status: string; reason: string | null }>(
      'SELECT status, reason FROM agent_statuses WHERE extension = $1',
      [extension],
    );
    return result.rows[0] ?? { status: 'missing', reason: null };
  } finally {
    await client.end();
  }
}
