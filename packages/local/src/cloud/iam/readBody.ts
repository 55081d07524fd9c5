import type { IncomingMessage } from 'node:http';
import { MAX_INSPECTED_BODY_BYTES } from './constants';

/** Thrown when a body the gate must read is larger than it reads. */
export class BodyTooLargeError extends Error {
  constructor() {
    super(`The request body is larger than ${MAX_INSPECTED_BODY_BYTES} bytes`);
    this.name = 'BodyTooLargeError';
  }
}

/** Reads a whole request body, bounded by {@link MAX_INSPECTED_BODY_BYTES}. */
export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_INSPECTED_BODY_BYTES) throw new BodyTooLargeError();
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}
