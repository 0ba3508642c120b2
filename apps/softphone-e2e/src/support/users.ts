import { Client } from 'pg';

/**
 * Gives a seeded login a phone extension in Postgres (or takes it away with null). The extension travels in the access token, so
 * this runs before that user signs in.
 */
export async function giveExtension(
  databaseUrl: string,
  username: string,
  extension: string | null,
): Promise<void> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const result = await client.query('UPDATE users SET extension = $2 WHERE username = $1', [
      username,
      extension,
    ]);
    if (result.rowCount !== 1) throw new Error(`no user ${username} to give extension ${extension}`);
  } finally {
    await client.end();
  }
}

/** A user's row in Postgres as the admin pages leave it; null when there is none. */
export async function storedUser(
  databaseUrl: string,
  username: string,
): Promise<{ role: string; extension: string | null; disabled: boolean } | null> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const result = await client.query<{ role: string; extension: string | null; disabled: boolean }>(
      'SELECT role, extension, disabled FROM users WHERE username = $1',
      [username],
    );
    return result.rows[0] ?? null;
  } finally {
    await client.end();
  }
}
