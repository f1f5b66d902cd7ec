import { HttpException, HttpStatus } from '@nestjs/common';

export interface ErrorItem {
  code: string;
  field?: string;
  message: string;
}

/**
 * The SPEC §3 error shape: `{"errors":[{"code","field","message"}]}` with the status the rule calls for, and
 * any headers that go with it (`Retry-After` with a 429).
 */
export class ApiError extends HttpException {
  constructor(
    status: HttpStatus,
    readonly errors: ErrorItem[],
    readonly headers: Record<string, string> = {},
  ) {
    super({ errors }, status);
  }

  static badRequest(code: string, message: string, field?: string): ApiError {
    return new ApiError(HttpStatus.BAD_REQUEST, [{ code, message, field }]);
  }

  static notFound(code: string, message: string): ApiError {
    return new ApiError(HttpStatus.NOT_FOUND, [{ code, message }]);
  }

  static unprocessable(errors: ErrorItem[]): ApiError {
    return new ApiError(HttpStatus.UNPROCESSABLE_ENTITY, errors);
  }

  static unauthorized(code: string, message: string): ApiError {
    return new ApiError(HttpStatus.UNAUTHORIZED, [{ code, message }]);
  }
}
