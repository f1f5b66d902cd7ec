import { Body, PipeTransform, Query } from '@nestjs/common';
import { ApiBody, ApiQuery } from '@nestjs/swagger';
import { z } from 'zod';
import { ApiError } from './api-error';

/** Validates a request body against its schema: anything malformed is a 400 naming each field. */
class ZodBodyPipe<S extends z.ZodType> implements PipeTransform<unknown, z.infer<S>> {
  constructor(private readonly schema: S) {}

  transform(value: unknown): z.infer<S> {
    return validated(this.schema, value);
  }
}

/** `value` parsed by `schema`; anything malformed is a 400 naming each field (ApiError). */
export function validated<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const parsed = schema.safeParse(value);
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

/** The request body, validated against `schema` (400 when malformed) and described by it in the OpenAPI document. */
export function ZodBody(schema: z.ZodType): ParameterDecorator {
  return (target, key, index) => {
    Body(new ZodBodyPipe(schema))(target, key, index);
    const jsonSchema = z.toJSONSchema(schema, { target: 'openapi-3.0', unrepresentable: 'any', io: 'input' }) as Record<string, unknown>;
    delete jsonSchema['$schema'];
    ApiBody({ schema: jsonSchema })(target, key!, Object.getOwnPropertyDescriptor(target, key!)!);
  };
}

/** The query string, validated against an object schema (400 when malformed), each parameter described in the OpenAPI document. */
export function ZodQuery(schema: z.ZodObject): ParameterDecorator {
  return (target, key, index) => {
    Query(new ZodBodyPipe(schema))(target, key, index);
    const descriptor = Object.getOwnPropertyDescriptor(target, key!)!;
    for (const [name, property] of Object.entries(schema.shape)) {
      const jsonSchema = z.toJSONSchema(property as z.ZodType, { target: 'openapi-3.0', unrepresentable: 'any', io: 'input' }) as Record<string, unknown>;
      delete jsonSchema['$schema'];
      ApiQuery({ name, required: !(property as z.ZodType).safeParse(undefined).success, schema: jsonSchema })(target, key!, descriptor);
    }
  };
}
