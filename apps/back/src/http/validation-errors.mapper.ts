import type { ApiErrorBody } from '@cc/contracts';
import type { ValidationError } from 'class-validator';

export type FieldErrors = NonNullable<ApiErrorBody['details']>;

/** Flattens class-validator errors into `{ field: 'user.extension', reasons: [...] }`, nested fields dotted. */
export function toFieldErrors(errors: readonly ValidationError[], parentPath = ''): FieldErrors {
  return errors.flatMap((error) => {
    const field = parentPath ? `${parentPath}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, reasons: Object.values(error.constraints) }] : [];
    return [...own, ...toFieldErrors(error.children ?? [], field)];
  });
}
