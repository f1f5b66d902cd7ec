import { PipeTransform } from '@nestjs/common';
import { z } from 'zod';
import { ApiError } from './api-error';

/** Validates a request body against its schema: anything malformed is a 400 naming each field. */
export class ZodBodyPipe<S extends z.ZodType> implements PipeTransform<unknown, z.infer<S>> {
  constructor(private readonly schema: S) {}

  transform(value: unknown): z.infer<S> {
    const parsed = this.schema.safeParse(value);
    if (parsed.success) return parsed.data;
    throw new ApiError(
      400,
      parsed.error.issues.map((issue) => ({
        code: 'VALIDATION_FAILED',
        field: issue.path.join('.') || undefined,
        message: issue.message,
      })),
    );
  }
}
