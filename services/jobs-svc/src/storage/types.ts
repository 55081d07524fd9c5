/** Text streamed into one object of the exports bucket. */
export interface ObjectWriter {
  /** Bytes written so far. */
  readonly bytes: number;
  /** Appends text; waits when the upload falls behind (backpressure). */
  write(text: string): Promise<void>;
  /** Ends the object and waits until it is stored. */
  close(): Promise<void>;
  /** Discards what was uploaded. */
  abort(): Promise<void>;
}
