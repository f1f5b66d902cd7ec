/** Every Kafka topic of the platform: `<domain>.<entity>.v<N>`. Bump N for a breaking change. */
export enum Topic {
  IntakeApplication = 'intake.application.v1',
  RegistryApplicationOutcome = 'registry.application-outcome.v1',
  RegistryGateway = 'registry.gateway.v1',
  ActivationCode = 'activation.code.v1',
  ActivationCredential = 'activation.credential.v1',
  ActivationSecondFactor = 'activation.second-factor.v1',
  OpsAudit = 'ops.audit.v1',
  OpsClock = 'ops.clock.v1',
  OpsDeadLetter = 'ops.dead-letter.v1',
}
