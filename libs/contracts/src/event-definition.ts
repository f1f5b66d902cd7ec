import { z } from 'zod';
import { Topic } from './topics';

/** One event type: its CloudEvents `type`, the topic it travels on, its schema and the aggregate id that keys it. */
export interface EventDefinition<S extends z.ZodType = z.ZodType> {
  readonly type: string;
  readonly topic: Topic;
  readonly schema: S;
  readonly keyOf: (data: z.infer<S>) => string;
}

export function defineEvent<S extends z.ZodType>(definition: EventDefinition<S>): EventDefinition<S> {
  return definition;
}

export type EventData<D extends EventDefinition> = z.infer<D['schema']>;
