import { BadRequestException, HttpException, HttpStatus, PayloadTooLargeException } from '@nestjs/common';

// What body-parser's errors carry (they are `http-errors` objects).
interface BodyParserError {
  readonly type?: unknown;
  readonly status?: unknown;
  readonly expose?: unknown;
  readonly limit?: unknown;
  readonly message: string;
}

function isBodyParserError(error: unknown): error is BodyParserError & Error {
  return error instanceof Error && typeof (error as BodyParserError).type === 'string';
}

/**
 * Turns a body-parser failure into the HTTP error the client should see; `undefined` for anything else.
 * Without this a too-large body reached the exception filter as an unknown error and answered 500.
 */
export function toRequestBodyException(error: unknown): HttpException | undefined {
  if (!isBodyParserError(error)) {
    return undefined;
  }
  switch (error.type) {
    case 'entity.parse.failed':
      return new BadRequestException(`Malformed JSON body: ${error.message}`);
    case 'entity.too.large':
      return new PayloadTooLargeException(
        `Request body is larger than the limit of ${String(error.limit)} bytes`,
      );
  }
  // Other body-parser errors (unsupported charset or encoding, aborted request) say what went wrong
  // and mark it safe to show with `expose`, as http-errors does for every 4xx.
  const status = typeof error.status === 'number' ? error.status : HttpStatus.BAD_REQUEST;
  return error.expose === true && status >= 400 && status < 500
    ? new HttpException(error.message, status)
    : undefined;
}
