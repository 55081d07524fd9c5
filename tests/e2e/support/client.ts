import type { E2eStack, StackTokens } from './types';

/** How many times a repeatable request is retried after a 503 with Retry-After. */
const RETRIES_ON_503 = 3;
/** The longest Retry-After the client honours (seconds); a longer one is waited this long. */
const MAX_RETRY_AFTER_SECONDS = 5;

/** Who calls: one of the stack's demo identities, a token of one's own, or nobody. */
export type Caller = keyof StackTokens | { readonly token: string } | 'anonymous';

export interface RequestOptions {
  readonly as?: Caller;
  /** JSON-serialised unless it is a string. */
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  readonly query?: Readonly<Record<string, string | number | boolean | undefined>>;
}

/** A parsed answer: status, headers and the JSON body (or the raw text when it is not JSON). */
export interface ApiResponse<T> {
  readonly status: number;
  readonly headers: Headers;
  readonly body: T;
}

/** The error body every route answers with (README, "Errors"). */
export interface ErrorBody {
  readonly error: { readonly code: string; readonly message: string; readonly details?: unknown };
  readonly requestId?: string;
}

/**
 * A small typed HTTP client of the stack's API (global fetch), with its demo tokens.
 *
 * @example
 * const api = new ApiClient(e2eStack());
 * const { status, body } = await api.get<{ vendorId: string }>('/vendors/vendor-000000', { as: 'driver' });
 */
export class ApiClient {
  readonly #stack: E2eStack;

  constructor(stack: E2eStack) {
    this.#stack = stack;
  }

  get baseUrl(): string {
    return this.#stack.apiUrl;
  }

  /** The absolute URL of an API path with an optional query. */
  url(path: string, query?: RequestOptions['query']): string {
    const url = new URL(path, this.#stack.apiUrl);
    for (const [name, value] of Object.entries(query ?? {})) if (value !== undefined) url.searchParams.set(name, String(value));
    return url.toString();
  }

  /** The Authorization header for a caller (none for 'anonymous'). */
  authHeaders(as: Caller = 'anonymous'): Record<string, string> {
    if (as === 'anonymous') return {};
    const token = typeof as === 'string' ? this.#stack.tokens[as] : as.token;
    return { authorization: `Bearer ${token}` };
  }

  /** Sends a request and returns the raw fetch Response (for streams). */
  async raw(method: string, path: string, options: RequestOptions = {}): Promise<Response> {
    const headers: Record<string, string> = { ...this.authHeaders(options.as), ...options.headers };
    let body: string | undefined;
    if (options.body !== undefined) {
      body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
    return fetch(this.url(path, options.query), { method, headers, body });
  }

  /**
   * Sends a request and parses the answer. Like a well-behaved app, it retries a 503 that carries
   * Retry-After (the platform's documented degraded answer: a dependency was slow or away) when the
   * request is safe to repeat: GET, PUT and DELETE, or a POST with an Idempotency-Key. Bounded by
   * {@link RETRIES_ON_503}; the final answer is returned whatever it is.
   */
  async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<ApiResponse<T>> {
    const repeatable = method !== 'POST' || Object.keys(options.headers ?? {}).some((name) => name.toLowerCase() === 'idempotency-key');
    for (let attempt = 0; ; attempt++) {
      const answer = await this.#once<T>(method, path, options);
      const retryAfter = Number(answer.headers.get('retry-after'));
      if (answer.status !== 503 || !repeatable || !(retryAfter >= 0) || attempt >= RETRIES_ON_503) return answer;
      await new Promise((resolve) => setTimeout(resolve, Math.min(retryAfter, MAX_RETRY_AFTER_SECONDS) * 1000));
    }
  }

  async #once<T>(method: string, path: string, options: RequestOptions): Promise<ApiResponse<T>> {
    const response = await this.raw(method, path, options);
    const text = await response.text();
    let body: unknown = text;
    const contentType = response.headers.get('content-type') ?? '';
    if (contentType.includes('json') && text !== '') body = JSON.parse(text);
    RECORDED_RESPONSES.push({ method, path: new URL(path, this.#stack.apiUrl).pathname, status: response.status, contentType, body });
    return { status: response.status, headers: response.headers, body: body as T };
  }

  get<T>(path: string, options?: RequestOptions): Promise<ApiResponse<T>> {
    return this.request<T>('GET', path, options);
  }
  post<T>(path: string, options?: RequestOptions): Promise<ApiResponse<T>> {
    return this.request<T>('POST', path, options);
  }
  put<T>(path: string, options?: RequestOptions): Promise<ApiResponse<T>> {
    return this.request<T>('PUT', path, options);
  }
  delete<T>(path: string, options?: RequestOptions): Promise<ApiResponse<T>> {
    return this.request<T>('DELETE', path, options);
  }
}

/** An answer a flow got, as {@link ApiClient.request} parsed it (openapiCheck.ts validates them against the OpenAPI document). */
export interface RecordedResponse {
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly contentType: string;
  readonly body: unknown;
}

/** Every parsed answer of this test file, in order. */
export const RECORDED_RESPONSES: RecordedResponse[] = [];

/** Renders a response for an assertion message (status and body). */
export function show(response: ApiResponse<unknown>): string {
  return `${response.status} ${typeof response.body === 'string' ? response.body : JSON.stringify(response.body)}`;
}
