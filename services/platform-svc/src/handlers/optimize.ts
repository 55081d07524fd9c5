import { createHandler } from '@roadcall/utils/http';
import { actorOf } from '../actor';
import { recordAdminAction } from '../audit/log';
import { optimize } from '../performance/optimize';

/** POST /performance/optimize (admin, audited): ANALYZE, view refresh, pre-warm, DLQ report. */
export const handler = createHandler({
  route: 'platform.optimize',
  handle: async ({ auth }) => {
    const report = await optimize();
    await recordAdminAction({
      actor: actorOf(auth),
      action: 'performance.optimize',
      subject: 'database+cache',
      details: { actions: report.actions.map((action) => ({ action: action.action, ok: action.ok, durationMs: action.durationMs })) },
    });
    return report;
  },
});
