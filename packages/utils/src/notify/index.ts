export { EmailSendError, InvalidRecipientError } from './errors';
export { assertRecipient, type EmailClient, sendEmail } from './send';
export { defineTemplate, type EmailTemplate, escapeHtml, type RenderedEmail, renderTemplate } from './template';
