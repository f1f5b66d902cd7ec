import { z } from 'zod';

export const bookAppointmentSchema = z.object({
  channel: z.enum(['phone', 'email']),
  contact: z.string().trim().min(3).max(200),
  applicantName: z.string().trim().min(1).max(200),
  startsAt: z.string().datetime({ offset: true }),
});
export type BookAppointmentDto = z.infer<typeof bookAppointmentSchema>;
