import { Gateway } from '../gateway.entity';

/** `olena@example.org` → `o***@example.org`: enough for the client to recognise on the hand-over sheet (R25). */
export function maskedEmail(email: string): string {
  return email.replace(/^(.)[^@]*@/u, '$1***@');
}

/**
 * A gateway as the staff API shows it: status, dates, username, and for a live one its language and email
 * address masked (for the hand-over sheet); a tombstone shows nothing of the person.
 */
export function gatewayView(gateway: Gateway) {
  return {
    id: gateway.id,
    status: gateway.status,
    username: gateway.username ?? undefined,
    locale: gateway.email ? gateway.locale : undefined,
    maskedEmail: gateway.email ? maskedEmail(gateway.email) : undefined,
    registeredAt: gateway.registeredAt.toISOString(),
    activatedAt: gateway.activatedAt?.toISOString(),
    endedAt: gateway.endedAt?.toISOString(),
  };
}
