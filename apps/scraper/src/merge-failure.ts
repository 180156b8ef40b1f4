import { ReplyError } from 'ioredis';

/** Why a fetched payload was not merged: a reason for metrics, the message for the target's health. */
export type MergeFailureReason = 'redis_error' | 'script_error' | 'internal';

export class MergeFailure extends Error {
  constructor(
    readonly reason: MergeFailureReason,
    message: string,
    readonly original?: unknown,
  ) {
    super(message);
    this.name = 'MergeFailure';
  }

  static of(err: unknown): MergeFailure {
    if (err instanceof MergeFailure) return err;
    const message = err instanceof Error ? err.message : String(err);
    // A ReplyError from EVALSHA whose text names a script is the script's own refusal or bug.
    if (err instanceof ReplyError) return new MergeFailure(/script|merge-payload|user_script/i.test(message) ? 'script_error' : 'redis_error', message, err);
    const redisDown = err instanceof Error && /ECONNREFUSED|ECONNRESET|Connection is closed|MaxRetriesPerRequest|Stream isn't writeable|CLUSTERDOWN|READONLY|OOM/.test(message);
    return new MergeFailure(redisDown ? 'redis_error' : 'internal', message, err);
  }
}
