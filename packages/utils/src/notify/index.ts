export { EmailSendError } from './errors';
export { type EmailClient, sendEmail } from './send';
export { defineTemplate, type EmailTemplate, escapeHtml, type RenderedEmail, renderTemplate } from './template';
