import { z } from 'zod';
import { isoDateTime, storableText } from '../../common.schema';
import { defineEvent } from '../../event-definition';
import { Topic } from '../../topics';

/**
 * SPEC §6, outside production only: the platform's shared clock runs `offsetMs` ahead of real time.
 * One compacted, single-key topic: every service instance reads it from the start when it boots.
 */
export const ClockSet = defineEvent({
  type: 'ops.clock.set',
  topic: Topic.OpsClock,
  keyOf: () => 'clock',
  schema: z.object({
    offsetMs: z.number().int(),
    version: storableText.min(1),
    setAt: isoDateTime,
  }),
});
