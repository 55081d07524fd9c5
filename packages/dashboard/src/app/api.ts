/// <reference lib="dom" />
/** The dashboard's only server: the Roadcall API, with the signed-in caller's bearer token. */

export interface DashboardConfig {
  /** The API's base URL ('' = this origin, as `pnpm dev` serves both). */
  readonly apiUrl: string;
  readonly auth: 'local' | 'cognito';
  /** Local stack only: the demo identities' tokens. */
  readonly demoTokens?: Readonly<Record<string, string>>;
  /** AWS: the Cognito hosted UI (implicit grant: the ID token comes back in the URL fragment). */
  readonly cognito?: { readonly domain: string; readonly clientId: string };
}

const TOKEN_KEY = 'roadcall.token';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export class Api {
  constructor(readonly config: DashboardConfig) {}

  get token(): string | null {
    return sessionStorage.getItem(TOKEN_KEY);
  }
  set token(value: string | null) {
    if (value) sessionStorage.setItem(TOKEN_KEY, value);
    else sessionStorage.removeItem(TOKEN_KEY);
  }

  /** The caller's claims (unverified: the API verifies; this only picks the pages to show). */
  claims(): { sub?: string; email?: string; roles: string[] } {
    const part = this.token?.split('.')[1];
    if (!part) return { roles: [] };
    try {
      const json = JSON.parse(atob(part.replace(/-/g, '+').replace(/_/g, '/'))) as Record<string, unknown>;
      const groups = json['cognito:groups'];
      const roles = Array.isArray(groups) ? groups.map(String) : typeof groups === 'string' ? groups.split(',') : [];
      return { sub: json.sub as string | undefined, email: json.email as string | undefined, roles };
    } catch {
      return { roles: [] };
    }
  }

  url(path: string): string {
    return `${this.config.apiUrl}${path}`;
  }

  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = {};
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(this.url(path), { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await response.text();
    const json = text ? (JSON.parse(text) as unknown) : undefined;
    if (!response.ok) {
      const error = (json as { error?: { code?: string; message?: string } } | undefined)?.error;
      throw new ApiError(response.status, error?.code ?? String(response.status), error?.message ?? response.statusText);
    }
    return json as T;
  }

  get<T>(path: string): Promise<T> {
    return this.request<T>('GET', path);
  }

  /**
   * Reads a Server-Sent Events stream with the bearer token (EventSource cannot send headers):
   * calls `onEvent` per event until the stream ends or `signal` aborts.
   */
  async stream(path: string, onEvent: (event: string, data: string) => void, signal: AbortSignal): Promise<void> {
    const response = await fetch(this.url(path), { headers: { authorization: `Bearer ${this.token}` }, signal });
    if (!response.ok || !response.body) throw new ApiError(response.status, 'STREAM', `stream ${path}: ${response.status}`);
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += value;
      let end = buffer.indexOf('\n\n');
      while (end !== -1) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        let event = 'message';
        const data: string[] = [];
        for (const line of block.split('\n')) {
          if (line.startsWith('event:')) event = line.slice(6).trim();
          else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
        }
        if (data.length > 0) onEvent(event, data.join('\n'));
        end = buffer.indexOf('\n\n');
      }
    }
  }
}
