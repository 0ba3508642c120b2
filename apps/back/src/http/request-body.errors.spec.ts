import { HttpException } from '@nestjs/common';
import express, { type Request, type Response } from 'express';
import { Readable } from 'node:stream';
import { toRequestBodyException } from './request-body.errors';

// body-parser's own errors, produced by running its parser on a fake request.
function bodyParserError(body: string, headers: Record<string, string>, limit = 100): Promise<unknown> {
  const req = Object.assign(Readable.from([Buffer.from(body)]), {
    headers: { 'content-length': String(Buffer.byteLength(body)), ...headers },
  });
  return new Promise((resolve) =>
    express.json({ limit })(req as unknown as Request, {} as Response, resolve),
  );
}

function answer(exception: HttpException | undefined) {
  return exception && { status: exception.getStatus(), message: exception.message };
}

describe('toRequestBodyException', () => {
  it('names malformed JSON and where it breaks', async () => {
    const error = await bodyParserError('{"a":', { 'content-type': 'application/json' });
    expect(answer(toRequestBodyException(error))).toEqual({
      status: 400,
      message: expect.stringMatching(/^Malformed JSON body: .+/),
    });
  });

  it('answers a body over the limit with 413 and the limit', async () => {
    const error = await bodyParserError(JSON.stringify({ a: 'x'.repeat(200) }), {
      'content-type': 'application/json',
    });
    expect(answer(toRequestBodyException(error))).toEqual({
      status: 413,
      message: 'Request body is larger than the limit of 100 bytes',
    });
  });

  it('keeps the status and message body-parser marks safe to show', async () => {
    const error = await bodyParserError('{}', { 'content-type': 'application/json; charset=klingon' });
    expect(answer(toRequestBodyException(error))).toEqual({
      status: 415,
      message: 'unsupported charset "KLINGON"',
    });
  });

  it('leaves errors that are not body-parser errors to the exception filter', () => {
    expect(toRequestBodyException(new Error('db down'))).toBeUndefined();
    expect(toRequestBodyException('not even an error')).toBeUndefined();
  });
});
