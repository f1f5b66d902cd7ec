import { SealedSecret, SecondFactorMethod } from '@client-gate/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

const bigintNumber = { to: (v: number | null) => v, from: (v: string | null) => (v === null ? null : Number(v)) };

/** One of a client's enrolled second factors (R22, R27: an app and email codes, each once, and up to 5 passkeys). */
@Entity('second_factor')
export class SecondFactor {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid', { name: 'gateway_id' })
  gatewayId: string;

  @Column('text')
  method: SecondFactorMethod;

  /** The TOTP secret, sealed with FACTOR_SEALING_KEYS; null for the email factor. */
  @Column('jsonb', { name: 'sealed_secret', nullable: true })
  sealedSecret: SealedSecret | null;

  /** The last TOTP time step accepted (the enrolment's first): each step is accepted once. */
  @Column('bigint', { name: 'last_step', nullable: true, transformer: bigintNumber })
  lastStep: number | null;

  /** R27, a passkey's: its credential id (base64url), COSE public key, signature counter, transports and the client's name for it. */
  @Column('text', { name: 'credential_id', nullable: true })
  credentialId: string | null;

  @Column('bytea', { name: 'public_key', nullable: true })
  publicKey: Buffer | null;

  @Column('bigint', { name: 'sign_count', nullable: true, transformer: bigintNumber })
  signCount: number | null;

  @Column('jsonb', { nullable: true })
  transports: string[] | null;

  @Column('text', { nullable: true })
  name: string | null;

  @Column('timestamptz', { name: 'enrolled_at' })
  enrolledAt: Date;

  /** The last login completed with it (R27: the login offers it first). */
  @Column('timestamptz', { name: 'last_used_at', nullable: true })
  lastUsedAt: Date | null;
}

/** R23, R27: the removal code's keyed hash; it stands in for every factor of the account. */
@Entity('removal_code')
export class RemovalCode {
  @PrimaryColumn('uuid', { name: 'gateway_id' })
  gatewayId: string;

  @Column('text', { name: 'code_hash', unique: true })
  codeHash: string;
}

/**
 * A factor being enrolled until the client confirms one valid code (R22); for an enrolled email factor, the
 * code sent to confirm its removal. The emailed code is stored only as a keyed hash, with its tries.
 */
@Entity('pending_factor')
export class PendingFactor {
  @PrimaryColumn('uuid', { name: 'gateway_id' })
  gatewayId: string;

  @Column('text')
  method: SecondFactorMethod;

  @Column('jsonb', { name: 'sealed_secret', nullable: true })
  sealedSecret: SealedSecret | null;

  @Column('text', { name: 'code_hash', nullable: true })
  codeHash: string | null;

  @Column('timestamptz', { name: 'expires_at' })
  expiresAt: Date;

  @Column('int')
  attempts: number;
}

/** The half-way state of a login (R22): the password was right, the factor is due. Lives 10 minutes, used once. */
@Entity('login_challenge')
export class LoginChallenge {
  @PrimaryColumn('text', { name: 'token_hash' })
  tokenHash: string;

  @Column('uuid', { name: 'gateway_id' })
  gatewayId: string;

  @Column('text')
  method: SecondFactorMethod;

  /** The email factor's code for this challenge only, as a keyed hash. */
  @Column('text', { name: 'code_hash', nullable: true })
  codeHash: string | null;

  /** R27: the WebAuthn challenge of the passkey ceremony asked for last (POST /login/second-factor/options). */
  @Column('text', { name: 'webauthn_challenge', nullable: true })
  webauthnChallenge: string | null;

  @Column('timestamptz', { name: 'expires_at' })
  expiresAt: Date;

  @Column('int')
  attempts: number;

  @Column('timestamptz', { name: 'used_at', nullable: true })
  usedAt: Date | null;
}

/**
 * R27: a passkey ceremony outside a login, under way: a registration, or a proof (a removal, a re-authentication).
 * Its WebAuthn challenge is good once and for 10 minutes.
 */
@Entity('passkey_ceremony')
export class PasskeyCeremony {
  @PrimaryColumn('uuid', { name: 'gateway_id' })
  gatewayId: string;

  @PrimaryColumn('text')
  purpose: 'register' | 'prove';

  @Column('text')
  challenge: string;

  @Column('timestamptz', { name: 'expires_at' })
  expiresAt: Date;
}
