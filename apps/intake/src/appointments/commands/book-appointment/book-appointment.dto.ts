import { isoDateTime, storableText } from '@client-gate/contracts';
import { z } from 'zod';

export const bookAppointmentSchema = z.object({
  channel: z.enum(['phone', 'email']),
  contact: storableText.trim().min(3).max(200),
  applicantName: storableText.trim().min(1).max(200),
  startsAt: isoDateTime,
});
export type BookAppointmentDto = z.infer<typeof bookAppointmentSchema>;
