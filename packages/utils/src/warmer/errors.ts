import { RoadcallError } from '../errors';

/** The warmer cannot reach a function: its physical name is not configured (a CDK wiring gap). */
export class WarmTargetNotConfiguredError extends RoadcallError {
  readonly code = 'WARM_TARGET_NOT_CONFIGURED';
  readonly httpStatus = 500;
}

/** A warming invocation failed (the function threw, or the invoke API refused). */
export class WarmInvocationError extends RoadcallError {
  readonly code = 'WARM_INVOCATION_FAILED';
  readonly httpStatus = 502;
}
