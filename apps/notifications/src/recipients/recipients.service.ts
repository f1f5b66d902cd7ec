import { Injectable } from '@nestjs/common';
import { Locale } from '@client-gate/contracts';
import { EntityManager } from 'typeorm';
import { Recipient } from './recipient.entity';

/** Keeps each gateway's current address and language from the events of registry and activation. */
@Injectable()
export class Recipients {
  /** Registry's and activation's topics are not ordered among themselves: the newer event wins. */
  async record(manager: EntityManager, gatewayId: string, email: string, locale: Locale, asOf: string): Promise<void> {
    await this.recordAll(manager, [{ gatewayId, email, locale, asOf }]);
  }

  /** `record` for several gateways in one statement (which may change a row once: the newest of each gateway's wins). */
  async recordAll(manager: EntityManager, recipients: { gatewayId: string; email: string; locale: Locale; asOf: string }[]): Promise<void> {
    const newest = new Map<string, (typeof recipients)[number]>();
    for (const recipient of recipients) {
      const seen = newest.get(recipient.gatewayId);
      if (!seen || Date.parse(seen.asOf) <= Date.parse(recipient.asOf)) newest.set(recipient.gatewayId, recipient);
    }
    const rows = [...newest.values()];
    await manager.query(
      `INSERT INTO recipient (gateway_id, email, locale, as_of)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::timestamptz[])
       ON CONFLICT (gateway_id) DO UPDATE SET email = EXCLUDED.email, locale = EXCLUDED.locale, as_of = EXCLUDED.as_of
       WHERE recipient.as_of <= EXCLUDED.as_of`,
      [rows.map((row) => row.gatewayId), rows.map((row) => row.email), rows.map((row) => row.locale), rows.map((row) => row.asOf)],
    );
  }

  find(manager: EntityManager, gatewayId: string): Promise<Recipient | null> {
    return manager.findOneBy(Recipient, { gatewayId });
  }
}
