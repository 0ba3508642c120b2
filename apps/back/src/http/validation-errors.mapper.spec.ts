import { ValidationError } from 'class-validator';
import { toFieldErrors } from './validation-errors.mapper';

const validationError = (
  property: string,
  constraints?: Record<string, string>,
  children: ValidationError[] = [],
) => Object.assign(new ValidationError(), { property, constraints, children });

describe('toFieldErrors', () => {
  it('names each field with all of its reasons', () => {
    const details = toFieldErrors([
      validationError('password', { minLength: 'password must be longer than or equal to 8 characters' }),
      validationError('role', {
        isIn: 'role must be one of the following values: operator, supervisor, admin',
      }),
    ]);
    expect(details).toEqual([
      { field: 'password', reasons: ['password must be longer than or equal to 8 characters'] },
      { field: 'role', reasons: ['role must be one of the following values: operator, supervisor, admin'] },
    ]);
  });

  it('dots nested fields', () => {
    const details = toFieldErrors([
      validationError('member', undefined, [
        validationError('extension', { isString: 'extension must be a string' }),
      ]),
    ]);
    expect(details).toEqual([{ field: 'member.extension', reasons: ['extension must be a string'] }]);
  });
});
