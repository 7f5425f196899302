/** Redis could not be reached or refused us; the message names the redacted URL, never the password. */
export class QueueError extends Error {
  readonly code = 'E_QUEUE';
  constructor(message: string) {
    super(message);
    this.name = 'QueueError';
  }
}
