import * as argon2 from 'argon2';

// argon2id with the library defaults (OWASP-recommended memory/time cost).
export const hashPassword = (password: string): Promise<string> =>
  argon2.hash(password, { type: argon2.argon2id });

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    // A malformed stored hash is a failed login, not a 500.
    return false;
  }
}
