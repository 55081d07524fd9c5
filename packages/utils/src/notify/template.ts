/** An email template: subject, HTML and text, each with `{{name}}` placeholders. */
export interface EmailTemplate<V extends Record<string, string>> {
  readonly subject: string;
  readonly html: string;
  readonly text: string;
  /** Only for type inference of the variables. */
  readonly _vars?: V;
}

/** A rendered email. */
export interface RenderedEmail {
  readonly subject: string;
  readonly html: string;
  readonly text: string;
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char] as string);
}

function fill(source: string, vars: Record<string, string>, encode: (value: string) => string): string {
  return source.replace(/\{\{(\w+)\}\}/g, (_, name: string) => {
    const value = vars[name];
    if (value === undefined) throw new Error(`Email template variable "${name}" is missing`);
    return encode(value);
  });
}

/**
 * Renders a template: values are HTML-escaped in the HTML part (an error message or file name can
 * never inject markup), verbatim in the text part and the subject (newlines removed there).
 *
 * @example
 * const email = renderTemplate(JOB_COMPLETED, { type: 'export', downloadUrl });
 */
export function renderTemplate<V extends Record<string, string>>(template: EmailTemplate<V>, vars: V): RenderedEmail {
  return {
    subject: fill(template.subject, vars, (value) => value.replace(/[\r\n]+/g, ' ')),
    html: fill(template.html, vars, escapeHtml),
    text: fill(template.text, vars, (value) => value),
  };
}

/** Declares a template with its variable names typed. */
export function defineTemplate<V extends Record<string, string>>(template: Omit<EmailTemplate<V>, '_vars'>): EmailTemplate<V> {
  return template;
}
