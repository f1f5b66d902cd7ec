import { Locale } from '@client-gate/contracts';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { Delivery } from './delivery.entity';
import { EmailType } from './email-types';

export interface NewDelivery {
  /** A new one when not given; an event's own notification id makes a redelivery harmless. */
  notificationId?: string;
  type: EmailType;
  gatewayId: string;
  recipient: string;
  locale: Locale;
  templateData: Record<string, unknown>;
}

/** Stores an email for the courier in the caller's transaction; a notification id already stored is ignored. */
export async function enqueueDelivery(manager: EntityManager, delivery: NewDelivery): Promise<void> {
  await enqueueDeliveries(manager, [delivery]);
}

/** `enqueueDelivery` for several emails, in one INSERT. */
export async function enqueueDeliveries(manager: EntityManager, deliveries: NewDelivery[]): Promise<void> {
  await manager
    .createQueryBuilder()
    .insert()
    .into(Delivery)
    .values(
      deliveries.map((delivery) => ({
        notificationId: randomUUID(),
        ...delivery,
        status: 'pending',
        attempts: 0,
        nextAttemptAt: () => 'now()',
        createdAt: () => 'now()',
      })) as never,
    )
    .orIgnore()
    .execute();
}
