import { Injectable } from '@nestjs/common';
import { Locale } from '@client-gate/contracts';
import { EntityManager } from 'typeorm';
import { Recipient } from './recipient.entity';

/** Keeps each gateway's current address and language from the events of registry and activation. */
@Injectable()
export class Recipients {
  /** Registry's and activation's topics are not ordered among themselves: the newer event wins. */
  async record(manager: EntityManager, gatewayId: string, email: string, locale: Locale, asOf: string): Promise<void> {
    await manager.query(
      `INSERT INTO recipient (gateway_id, email, locale, as_of) VALUES ($1, $2, $3, $4)
       ON CONFLICT (gateway_id) DO UPDATE SET email = EXCLUDED.email, locale = EXCLUDED.locale, as_of = EXCLUDED.as_of
       WHERE recipient.as_of <= EXCLUDED.as_of`,
      [gatewayId, email, locale, asOf],
    );
  }

  find(manager: EntityManager, gatewayId: string): Promise<Recipient | null> {
    return manager.findOneBy(Recipient, { gatewayId });
  }
}
