import { randomUUID } from 'node:crypto';

// Accept a caller's id only if it is short and plain, so it cannot inject into logs or headers.
const ACCEPTABLE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Honours an incoming `x-request-id` header when it is sane, otherwise generates one. */
export function requestIdFrom(
  header: string | string[] | undefined,
  generate: () => string = randomUUID,
): string {
  const candidate = Array.isArray(header) ? header[0] : header;
  return candidate !== undefined && ACCEPTABLE_REQUEST_ID.test(candidate) ? candidate : generate();
}
