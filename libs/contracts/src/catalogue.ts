import { EventDefinition } from './event-definition';
import { ApplicationSubmitted } from './events/application-submitted/application-submitted.event';
import { ApplicationDecided } from './events/application-decided/application-decided.event';
import { GatewayRegistered } from './events/gateway-registered/gateway-registered.event';
import { CodeIssued } from './events/code-issued/code-issued.event';
import { CredentialActivated } from './events/credential-activated/credential-activated.event';
import { AuditRecorded } from './events/audit-recorded/audit-recorded.event';
import { GatewayModified } from './events/gateway-modified/gateway-modified.event';
import { GatewayDeleted } from './events/gateway-deleted/gateway-deleted.event';
import { GatewayPurged } from './events/gateway-purged/gateway-purged.event';
import { PasswordChanged } from './events/password-changed/password-changed.event';
import { SecondFactorEnrolled } from './events/second-factor-enrolled/second-factor-enrolled.event';
import { SecondFactorRemoved } from './events/second-factor-removed/second-factor-removed.event';
import { LoginCodeIssued } from './events/login-code-issued/login-code-issued.event';
import { NewSignIn } from './events/new-sign-in/new-sign-in.event';
import { RemovalCodeRenewed } from './events/removal-code-renewed/removal-code-renewed.event';
import { ClockSet } from './events/clock-set/clock-set.event';

/** Every event type the platform publishes; the decoder and the AsyncAPI document read it. */
export const eventCatalogue: readonly EventDefinition[] = [
  ApplicationSubmitted,
  ApplicationDecided,
  GatewayRegistered,
  GatewayModified,
  GatewayDeleted,
  GatewayPurged,
  CodeIssued,
  CredentialActivated,
  PasswordChanged,
  SecondFactorEnrolled,
  SecondFactorRemoved,
  LoginCodeIssued,
  RemovalCodeRenewed,
  NewSignIn,
  AuditRecorded,
  ClockSet,
];

const byType = new Map(eventCatalogue.map((definition) => [definition.type, definition]));

export function definitionOf(type: string): EventDefinition | undefined {
  return byType.get(type);
}
