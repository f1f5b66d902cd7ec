import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import {
  DecodedEvent, EventData, GatewayDeleted, GatewayModified, GatewayPurged, GatewayRegistered, Topic, usernameKey,
} from '@client-gate/contracts';
import { ConsumedBatch, EventInbox, EventPublisher, on, onAll } from '@client-gate/platform';
import { EntityManager } from 'typeorm';
import { CodeIssuer } from '../../codes/code-issuer.service';
import { OneTimeCode } from '../../codes/one-time-code.entity';
import { LoginChallenge, PasskeyCeremony, PendingFactor, RemovalCode, SecondFactor } from '../../second-factor/second-factor.entity';
import { AccountActivity } from '../../activity/account-activity.entity';
import { ClientSession } from '../../sessions/client-session.entity';
import { KnownBrowser } from '../../sessions/known-browser.entity';
import { DisavowalToken } from '../../sessions/disavowal-token.entity';
import { Account } from '../account.entity';

/** Keeps each gateway's account in step with registry: created (R9), modified (R18), deleted (R17), purged (R12). */
@Controller()
export class RegistryGatewayConsumer {
  constructor(
    private readonly inbox: EventInbox,
    private readonly codes: CodeIssuer,
    private readonly events: EventPublisher,
  ) {}

  @EventPattern(Topic.RegistryGateway)
  handle(@Payload() batch: ConsumedBatch): Promise<void> {
    return this.inbox.process(batch, [
      onAll(GatewayRegistered, (events, manager) => this.open(manager, events)),
      on(GatewayModified, ({ data }, manager) => this.modify(manager, data)),
      on(GatewayDeleted, ({ data }, manager) => this.erase(manager, data.gatewayId, 'deleted')),
      on(GatewayPurged, ({ data }, manager) => this.erase(manager, data.gatewayId, 'purged')),
    ]);
  }

  /** R9: each new gateway gets its account and its first activation code (one INSERT of each for all of them). */
  private async open(manager: EntityManager, events: DecodedEvent<EventData<typeof GatewayRegistered>>[]): Promise<void> {
    const accounts = events.map(({ data }) =>
      manager.create(Account, {
        gatewayId: data.gatewayId,
        status: 'pending_activation',
        email: data.email,
        familyName: data.familyName,
        givenNames: data.givenNames,
        consulate: data.consulate,
        locale: data.locale,
        username: null,
        usernameKey: null,
        passwordHash: null,
        passwordExpiresAt: null,
        registeredAt: new Date(data.registeredAt),
        activatedAt: null,
        passwordResetRequired: false,
      }),
    );
    await manager.insert(Account, accounts);
    await this.codes.issueAll(manager, accounts.map((account, index) => ({ account, purpose: 'activation' as const, cause: events[index] })));
  }

  /**
   * R18: takes over the address, language and username changed in person. A reissued code is an
   * activation code while pending and a password-reset code once active, whenever the password
   * expired (R13: the in-person way back).
   */
  private async modify(manager: EntityManager, data: EventData<typeof GatewayModified>): Promise<void> {
    // Registry's events for one gateway arrive in order: the account exists unless it has ended.
    const account = await manager.findOneOrFail(Account, { where: { gatewayId: data.gatewayId }, lock: { mode: 'pessimistic_write' } });
    if (account.status === 'ended') return;
    account.email = data.email;
    account.locale = data.locale;
    account.familyName = data.familyName ?? account.familyName;
    account.givenNames = data.givenNames ?? account.givenNames;
    if (data.username !== undefined) {
      account.username = data.username;
      account.usernameKey = usernameKey(data.username);
    }
    await manager.update(
      Account,
      { gatewayId: account.gatewayId },
      {
        email: account.email,
        locale: account.locale,
        familyName: account.familyName,
        givenNames: account.givenNames,
        username: account.username,
        usernameKey: account.usernameKey,
      },
    );
    await this.events.audit(manager, { actor: 'registry', action: 'account.modified', subject: account.gatewayId });
    if (data.reissueActivationCode) {
      await this.codes.issue(manager, account, account.status === 'active' ? 'password-reset' : 'activation');
    }
  }

  /** R12, R17: login and sessions stop at once; only a tombstone without personal data remains, no code and no factor. */
  private async erase(manager: EntityManager, gatewayId: string, reason: 'deleted' | 'purged'): Promise<void> {
    // The account is updated (locked) before its codes are deleted: a code issued meanwhile is deleted too.
    await manager.update(
      Account,
      { gatewayId },
      { status: 'ended', email: null, familyName: null, givenNames: null, consulate: null, username: null, usernameKey: null, passwordHash: null },
    );
    await manager.delete(OneTimeCode, { gatewayId });
    // R26: every session ends; the activity, known browsers and "this was not me" links go with the account.
    for (const table of [SecondFactor, RemovalCode, PendingFactor, PasskeyCeremony, LoginChallenge, ClientSession, AccountActivity, KnownBrowser, DisavowalToken]) {
      await manager.delete(table, { gatewayId });
    }
    await this.events.audit(manager, { actor: 'registry', action: `account.erased.${reason}`, subject: gatewayId });
  }
}
