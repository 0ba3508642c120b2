import { type ArgumentsHost, ForbiddenException, Logger } from '@nestjs/common';
import { ApiExceptionFilter } from './api-exception.filter';
import { RequestValidationException } from './validation.pipe';

function fakeHost() {
  const sent: { status?: number; body?: unknown } = {};
  const response = {
    headersSent: false,
    status(code: number) {
      sent.status = code;
      return this;
    },
    json(body: unknown) {
      sent.body = body;
      return this;
    },
  };
  const request = { id: 'req-7', method: 'GET', originalUrl: '/api/boom' };
  const host = {
    switchToHttp: () => ({ getRequest: () => request, getResponse: () => response }),
  } as unknown as ArgumentsHost;
  return { host, sent };
}

describe('ApiExceptionFilter', () => {
  it('hides unexpected errors behind a generic 500 and logs them with the request id', () => {
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const { host, sent } = fakeHost();
    new ApiExceptionFilter().catch(new Error('db password is hunter2'), host);
    expect(sent.status).toBe(500);
    expect(sent.body).toEqual({
      statusCode: 500,
      error: 'INTERNAL_SERVER_ERROR',
      message: 'Internal server error',
      requestId: 'req-7',
    });
    expect(JSON.stringify(sent.body)).not.toMatch(/hunter2|at /);
    expect(logged.mock.calls[0][0]).toContain('[req-7]');
    logged.mockRestore();
  });

  it('keeps HTTP errors and their field details', () => {
    const { host, sent } = fakeHost();
    new ApiExceptionFilter().catch(
      new RequestValidationException([{ field: 'role', reasons: ['bad role'] }]),
      host,
    );
    expect(sent.status).toBe(400);
    expect(sent.body).toMatchObject({ statusCode: 400, details: [{ field: 'role', reasons: ['bad role'] }] });

    const forbidden = fakeHost();
    new ApiExceptionFilter().catch(new ForbiddenException('Requires role admin'), forbidden.host);
    expect(forbidden.sent.body).toMatchObject({
      statusCode: 403,
      message: 'Requires role admin',
      requestId: 'req-7',
    });
  });
});
