/** SPEC §4: every email notifications sends; each is a template of that name and its `X-Notification-Type`. */
export const emailTypes = [
  'activation-code',
  'password-reset-code',
  'activation-completed',
  'password-changed',
  'email-changed',
  'gateway-modified',
  'gateway-deleted',
  'document-expiry',
  'password-expiry',
  'login-code',
  'second-factor-enrolled',
  'second-factor-removed',
  'new-sign-in',
  'removal-code-renewed',
] as const;
export type EmailType = (typeof emailTypes)[number];
