import { BadRequestException, ValidationPipe } from '@nestjs/common';
import { toFieldErrors } from './validation-errors.mapper';

/** Exception carrying per-field reasons; the exception filter copies them into `ApiErrorBody.details`. */
export class RequestValidationException extends BadRequestException {
  constructor(readonly details: ReturnType<typeof toFieldErrors>) {
    super(`Validation failed: ${details.map((detail) => detail.field).join(', ')}`);
  }
}

export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => new RequestValidationException(toFieldErrors(errors)),
  });
}
