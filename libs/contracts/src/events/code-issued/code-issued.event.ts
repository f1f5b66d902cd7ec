import { z } from 'zod';
import { isoDateTime, localeSchema, sealedSecretSchema, storableText, uuid } from '../../common.schema';
import { defineEvent } from '../../event-definition';
import { Topic } from '../../topics';

export const codePurposes = ['activation', 'password-reset'] as const;
export type CodePurpose = (typeof codePurposes)[number];

/** A one-time code was issued; notifications emails it. The code itself travels sealed (SPEC §8). */
export const CodeIssued = defineEvent({
  type: 'activation.code.issued',
  topic: Topic.ActivationCode,
  keyOf: (data) => data.gatewayId,
  schema: z.object({
    gatewayId: uuid,
    notificationId: uuid,
    purpose: z.enum(codePurposes),
    sealedCode: sealedSecretSchema,
    expiresAt: isoDateTime,
    email: storableText.email(),
    locale: localeSchema,
  }),
});

/** What a code's seal is bound to (SPEC §8): it opens only in the event of that gateway and notification. */
export function sealedCodeBinding(data: { gatewayId: string; notificationId: string }): string {
  return `${CodeIssued.type}/${data.gatewayId}/${data.notificationId}`;
}
