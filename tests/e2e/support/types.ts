import type { E2eTarget } from './constants';

/** The demo tokens the stack mints (the state file's `tokens`). */
export interface StackTokens {
  readonly driver: string;
  readonly vendor: string;
  readonly admin: string;
}

/** What both bins write to `ROADCALL_STATE_FILE` once they serve. */
export interface StackState {
  readonly apiUrl: string;
  readonly mailboxUrl: string;
  readonly tokens: StackTokens;
  readonly jwtSecret: string;
  readonly pids: ReadonlyArray<number>;
  /** The cloud stack only: the API stage itself, behind its web ACL (clients call apiUrl, the CloudFront stand-in). */
  readonly executeApiUrl?: string;
}

/** What the test workers get (through env) about the stack of their target. */
export interface E2eStack {
  readonly target: E2eTarget;
  readonly apiUrl: string;
  readonly mailboxUrl: string;
  readonly tokens: StackTokens;
  readonly jwtSecret: string;
  readonly executeApiUrl?: string;
}
