import { ENV, LOCAL_STAGE } from '@roadcall/contracts';

/** True inside AWS Lambda, where containers freeze between invocations. */
export function isLambdaRuntime(): boolean {
  return Boolean(process.env.AWS_LAMBDA_FUNCTION_NAME);
}

/** The deployment stage (`local` unless set). */
export function stage(): string {
  return process.env[ENV.stage] || LOCAL_STAGE;
}
