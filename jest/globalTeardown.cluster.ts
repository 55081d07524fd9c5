import type { EnginesProcess } from '@roadcall/local';

export default async function globalTeardown(): Promise<void> {
  await (globalThis as { __ROADCALL_CLUSTER_ENGINES__?: EnginesProcess }).__ROADCALL_CLUSTER_ENGINES__?.stop();
}
