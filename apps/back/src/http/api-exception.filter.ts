import type { ApiErrorBody } from '@cc/contracts';
import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { RequestValidationException } from './validation.pipe';

type RequestWithId = Request & { id?: string | number };

function messageOf(response: string | object, fallback: string): string {
  if (typeof response === 'string') {
    return response;
  }
  const message = (response as { message?: unknown }).message;
  if (Array.isArray(message)) {
    return message.join('; ');
  }
  return typeof message === 'string' ? message : fallback;
}

/** The `ApiErrorBody` of an HTTP error. */
export function apiErrorBodyOf(exception: HttpException, requestId: string | undefined): ApiErrorBody {
  const status = exception.getStatus();
  const body: ApiErrorBody = {
    statusCode: status,
    error: HttpStatus[status] ?? 'Error',
    message: messageOf(exception.getResponse(), exception.message),
    requestId,
  };
  if (exception instanceof RequestValidationException) body.details = exception.details;
  return body;
}

/** Every HTTP error leaves as an `ApiErrorBody`; unexpected errors are logged with the request id and hidden. */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpError');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<RequestWithId>();
    const response = http.getResponse<Response>();
    const requestId = request.id === undefined ? undefined : String(request.id);

    let body: ApiErrorBody;
    if (exception instanceof HttpException) {
      body = apiErrorBodyOf(exception, requestId);
    } else {
      const error = exception instanceof Error ? exception : new Error(String(exception));
      this.logger.error(
        `[${requestId ?? '-'}] ${request.method} ${request.originalUrl} failed: ${error.message}`,
        error.stack,
      );
      body = {
        statusCode: HttpStatus.INTERNAL_SERVER_ERROR,
        error: 'INTERNAL_SERVER_ERROR',
        message: 'Internal server error',
        requestId,
      };
    }
    if (response.headersSent) {
      return;
    }
    response.status(body.statusCode).json(body);
  }
}
