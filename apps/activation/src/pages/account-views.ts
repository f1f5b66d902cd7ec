import { Injectable } from '@nestjs/common';
import { Locale } from '@client-gate/contracts';
import { MAX_PASSKEYS } from '../second-factor/commands/enrol-passkey/enrol-passkey.service';
import { Request } from 'express';
import { ReauthenticateService } from '../account/commands/reauthenticate/reauthenticate.service';
import { ShowAccountService } from '../account/queries/show-account/show-account.service';
import { ActivityLog } from '../activity/activity-log.service';
import { RenewRemovalCodeService } from '../second-factor/commands/renew-removal-code/renew-removal-code.service';
import { originOf } from '../sessions/request-origin';
import { AuthenticatedClient, Sessions } from '../sessions/sessions.service';
import { MESSAGES } from './messages';
import { dateTime, FormState } from './page-renderer';
import { PageResponder } from './page-responder';

export const ACCOUNT_NOTICES = ['passwordChanged', 'factorRemoved', 'codeSent', 'sessionEnded', 'othersEnded', 'reauthenticated'] as const;
export type AccountNotice = (typeof ACCOUNT_NOTICES)[number];

/** R26: what a form that needed a recent sign-in was for; the re-authentication page carries on with it. */
export type SensitiveChange = 'password' | 'factor' | 'removal-code';

/** The account page's data (R24, R26), for the account page and the re-authentication page that leads back to it. */
@Injectable()
export class AccountViews {
  constructor(
    private readonly pages: PageResponder,
    private readonly accounts: ShowAccountService,
    private readonly sessions: Sessions,
    private readonly activity: ActivityLog,
    private readonly removalCodes: RenewRemovalCodeService,
    private readonly reauthentications: ReauthenticateService,
  ) {}

  /** Details, sessions and activity, and what the last form did. */
  async view(client: AuthenticatedClient, lang: Locale, notice?: AccountNotice, shown: { passwordExpiresAt?: string; removalCode?: string } = {}): Promise<FormState> {
    const account = await this.accounts.show(client.gatewayId);
    const t = MESSAGES[lang].account;
    const noticeText = notice && t[notice].replace('{expiresAt}', dateTime(shown.passwordExpiresAt ?? account.passwordExpiresAt!, lang));
    const sessions = await this.sessions.list(client);
    const kinds = new Set(account.secondFactors.map(({ method }) => method));
    // Each factor as the removal form names it: its kind, or a passkey's id (`passkey:<id>`) with the client's name for it.
    const factors = [
      ...(['totp', 'email'] as const).filter((method) => kinds.has(method)).map((method) => ({ value: method, label: t.factorNames[method] })),
      ...account.passkeys.map(({ id, name }) => ({ value: `passkey:${id}`, label: `${t.factorNames.passkey} (${name})` })),
    ];
    // Every key present, as the templates' strict mode wants.
    const activity = (await this.activity.list(client.gatewayId)).map(({ at, kind, browser, address }) => ({
      at,
      what: t.activityKinds[kind],
      browser: browser ?? null,
      address: address ?? null,
    }));
    return {
      view: {
        account,
        factorName: factors.length ? factors.map(({ label }) => label).join(', ') : t.factorNames.none,
        // R27: several factors at once: an app and email codes once each, up to 5 passkeys, each removed on its own.
        removable: factors,
        passkeys: account.passkeys,
        hasEmailFactor: account.secondFactors.some(({ method }) => method === 'email'),
        severalFactors: factors.length > 1,
        canAddFactor: !kinds.has('totp') || !kinds.has('email') || account.passkeys.length < MAX_PASSKEYS,
        notice: noticeText,
        removalCode: shown.removalCode ?? null,
        sessions,
        hasOtherSessions: sessions.some((session) => !session.current),
        activity,
        proofOptions: await this.proofOptions(client, account),
      },
    };
  }

  /** R27: with a passkey, a proof (a removal, a re-authentication) may be its assertion instead of a code: its options. */
  async proofOptions(client: AuthenticatedClient, account: { passkeys: unknown[] }): Promise<string | null> {
    return account.passkeys.length ? JSON.stringify(await this.reauthentications.passkeyOptions(client)) : null;
  }

  /** R26: a new removal code, and the account page that shows it this once. */
  async renewed(request: Request, client: AuthenticatedClient): Promise<FormState> {
    const { removalCode } = await this.removalCodes.renew(client, originOf(request));
    return this.view(client, this.pages.languageOf(request), undefined, { removalCode });
  }
}
