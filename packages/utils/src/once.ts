/**
 * A factory that runs once and hands back the same value afterwards: the container-scoped
 * singletons (SDK clients) and lazily loaded modules (ioredis, pg, the AWS SDK) all use it. A
 * factory that throws runs again on the next call.
 *
 * @example
 * export const sqsClient = once(() => new SQSClient({}));
 */
export function once<T>(create: () => T): () => T {
  let made: T | undefined;
  return () => {
    made ??= create();
    return made;
  };
}
