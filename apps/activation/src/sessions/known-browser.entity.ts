import { Column, Entity, PrimaryColumn } from 'typeorm';

/** R26: a browser the account has signed in from, known by the hash of its random browser token (never a fingerprint). */
@Entity('known_browser')
export class KnownBrowser {
  @PrimaryColumn('uuid', { name: 'gateway_id' })
  gatewayId: string;

  @PrimaryColumn('text', { name: 'browser_hash' })
  browserHash: string;

  @Column('timestamptz', { name: 'first_seen_at' })
  firstSeenAt: Date;
}
