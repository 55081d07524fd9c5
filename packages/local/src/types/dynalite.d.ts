declare module 'dynalite' {
  import type { Server } from 'node:http';
  /** dynalite ships no types; this is the one call the local stack makes. */
  export default function dynalite(options?: Record<string, unknown>): Server;
}
