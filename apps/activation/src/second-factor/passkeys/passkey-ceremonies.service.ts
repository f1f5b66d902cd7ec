import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '@client-gate/platform';
import { PublicKeyCredentialCreationOptionsJSON, PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import { EntityManager } from 'typeorm';
import { z } from 'zod';
import { ACTIVATION_ENV, ActivationEnv, relyingParty } from '../../config';
import { EMAIL_CODE_VALIDITY_MINUTES, minutesAfter } from '../domain/factor-codes';
import { PasskeyCeremony, SecondFactor } from '../second-factor.entity';
import { Assertion, creationOptions, registrationCredentialSchema, RelyingParty, requestOptions, StoredPasskey, verifiedAssertion, verifiedCreation } from './webauthn';

/** A passkey as stored: a SecondFactor row of method `passkey`, whose WebAuthn columns are set. */
export type PasskeyFactor = SecondFactor & StoredPasskey;

export function passkeysOf(factors: SecondFactor[]): PasskeyFactor[] {
  return factors.filter((factor): factor is PasskeyFactor => factor.method === 'passkey');
}

/**
 * R27: the passkey ceremonies, against the relying party of WEBAUTHN_ORIGIN and WEBAUTHN_RP_ID. Each challenge is
 * kept server-side (with the login challenge, or as a PasskeyCeremony), is good once and for 10 minutes.
 */
@Injectable()
export class PasskeyCeremonies {
  private readonly rp: RelyingParty;

  constructor(
    @Inject(ACTIVATION_ENV) env: ActivationEnv,
    private readonly clock: Clock,
  ) {
    this.rp = relyingParty(env);
  }

  async startRegistration(manager: EntityManager, user: { gatewayId: string; username: string }, existing: PasskeyFactor[]): Promise<PublicKeyCredentialCreationOptionsJSON> {
    const options = await creationOptions(this.rp, user, existing);
    await this.keep(manager, user.gatewayId, 'register', options.challenge);
    return options;
  }

  /** The passkey the browser created for the registration under way (which ends either way), or null. */
  async finishRegistration(manager: EntityManager, gatewayId: string, credential: z.infer<typeof registrationCredentialSchema>): Promise<StoredPasskey | null> {
    const challenge = await this.take(manager, gatewayId, 'register');
    return challenge ? verifiedCreation(this.rp, credential, challenge) : null;
  }

  /** Options for a login's second step, with the challenge to keep with it. */
  loginOptions(passkeys: PasskeyFactor[]): Promise<PublicKeyCredentialRequestOptionsJSON> {
    return requestOptions(this.rp, passkeys);
  }

  /** Options for a proof outside a login (a removal, a re-authentication: POST /account/reauthenticate/options). */
  async startProof(manager: EntityManager, gatewayId: string, passkeys: PasskeyFactor[]): Promise<PublicKeyCredentialRequestOptionsJSON> {
    const options = await requestOptions(this.rp, passkeys);
    await this.keep(manager, gatewayId, 'prove', options.challenge);
    return options;
  }

  async acceptProof(manager: EntityManager, gatewayId: string, passkeys: PasskeyFactor[], assertion: Assertion): Promise<PasskeyFactor | null> {
    const challenge = await this.take(manager, gatewayId, 'prove');
    return challenge ? this.accept(manager, passkeys, assertion, challenge) : null;
  }

  /**
   * Inside the caller's transaction (the account locked): the account's passkey that signed `challenge`, its new
   * counter recorded; null when none did or its counter did not go up.
   */
  async accept(manager: EntityManager, passkeys: PasskeyFactor[], assertion: Assertion, challenge: string): Promise<PasskeyFactor | null> {
    const passkey = passkeys.find(({ credentialId }) => credentialId === assertion.id);
    if (!passkey) return null;
    const counter = await verifiedAssertion(this.rp, passkey, assertion, challenge);
    if (counter === null) return null;
    const { affected } = await manager.update(SecondFactor, { id: passkey.id, signCount: passkey.signCount }, { signCount: counter });
    return affected === 1 ? passkey : null;
  }

  private async keep(manager: EntityManager, gatewayId: string, purpose: PasskeyCeremony['purpose'], challenge: string): Promise<void> {
    const expiresAt = minutesAfter(this.clock.now(), EMAIL_CODE_VALIDITY_MINUTES);
    await manager.upsert(PasskeyCeremony, { gatewayId, purpose, challenge, expiresAt }, ['gatewayId', 'purpose']);
  }

  /** The ceremony's challenge, used up: null when there is none or it expired. */
  private async take(manager: EntityManager, gatewayId: string, purpose: PasskeyCeremony['purpose']): Promise<string | null> {
    const ceremony = await manager.findOneBy(PasskeyCeremony, { gatewayId, purpose });
    if (!ceremony) return null;
    await manager.delete(PasskeyCeremony, { gatewayId, purpose });
    return ceremony.expiresAt > this.clock.now() ? ceremony.challenge : null;
  }
}
