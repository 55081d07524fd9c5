import type { SendEmailCommand } from '@aws-sdk/client-sesv2';
import { ENV } from '@roadcall/contracts';
import * as z from 'zod/mini';
import { sesClient, sesSdk } from '../aws';
import { safeParse } from '../schema';
import { EmailSendError, InvalidRecipientError } from './errors';
import type { RenderedEmail } from './template';

/** The narrow client an email sender needs. */
export interface EmailClient {
  send(command: SendEmailCommand): Promise<{ MessageId?: string }>;
}

const DEFAULT_FROM = 'no-reply@roadcall.local';

/** One plain address (zod's email check: no display name, list, spaces or line breaks). */
const RECIPIENT = z.email();

/** Throws {@link InvalidRecipientError} unless `to` is one email address SES can take. */
export function assertRecipient(to: string): void {
  if (!safeParse(RECIPIENT, to).success)
    throw new InvalidRecipientError(`Not a valid recipient address: ${JSON.stringify(to.slice(0, 320))}`);
}

/**
 * Sends a rendered email (HTML and text alternatives) through SES v2 from SES_FROM_EMAIL.
 * Locally AWS_ENDPOINT_URL_SESV2 points at aws-ses-v2-local, whose mailbox page shows it.
 * A recipient that is not one valid address throws {@link InvalidRecipientError} before SES is called.
 *
 * @example
 * await sendEmail('driver@example.com', renderTemplate(JOB_FAILED, { type, error }));
 */
export async function sendEmail(to: string, email: RenderedEmail, client: EmailClient = sesClient()): Promise<string | undefined> {
  assertRecipient(to);
  const from = process.env[ENV.sesFromEmail] || DEFAULT_FROM;
  try {
    const output = await client.send(
      // SES is loaded on the first email (a rare path), not at every function's init.
      new (sesSdk().SendEmailCommand)({
        FromEmailAddress: from,
        Destination: { ToAddresses: [to] },
        Content: {
          Simple: {
            Subject: { Data: email.subject, Charset: 'UTF-8' },
            Body: { Html: { Data: email.html, Charset: 'UTF-8' }, Text: { Data: email.text, Charset: 'UTF-8' } },
          },
        },
      }),
    );
    return output.MessageId;
  } catch (error) {
    throw new EmailSendError(`Could not send email: ${(error as Error).message}`, error);
  }
}
