import { ConflictError, NotFoundError, RoadcallError, ValidationError } from '@roadcall/utils';

/** 404: no such job, or one the caller may not know exists. */
export class JobNotFoundError extends NotFoundError {
  constructor(jobId: string) {
    super(`Job ${jobId} not found`);
  }
}

/** 409: the job is not in a state that allows this (cancel a finished job). */
export class JobStateConflictError extends ConflictError {
  override readonly code = 'JOB_STATE_CONFLICT';
}

/** 400: unknown job type or parameters its schema rejects. */
export class InvalidJobError extends ValidationError {
  override readonly code = 'INVALID_JOB';
}

/** Thrown between chunks when the job was cancelled: the run stops, no email. */
export class JobCancelledError extends RoadcallError {
  readonly code = 'JOB_CANCELLED';
  readonly httpStatus = 409;
}

/** Thrown when another worker has taken the job over (a redelivery after a timeout): stop quietly. */
export class LeaseLostError extends RoadcallError {
  readonly code = 'JOB_LEASE_LOST';
  readonly httpStatus = 409;
}

/** A failure retrying cannot fix (bad parameters, missing source): the job fails at once. */
export class PermanentJobError extends RoadcallError {
  readonly code = 'JOB_PERMANENT_FAILURE';
  readonly httpStatus = 422;
}

/** The Lambda's time is nearly up: progress is checkpointed and a continuation message takes over. */
export class JobYieldError extends RoadcallError {
  readonly code = 'JOB_YIELD';
  readonly httpStatus = 503;
}
