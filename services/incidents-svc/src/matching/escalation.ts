import { logger } from '@roadcall/utils/logger';
import { defineTemplate, type EmailClient, renderTemplate, sendEmail } from '@roadcall/utils/notify';
import type { Incident } from '../types';

/** Tells people that an incident found no vendor in time. */
export interface EscalationNotifier {
  escalated(incident: Incident, to: string): Promise<void>;
}

const ESCALATED = defineTemplate<{ incidentId: string; serviceType: string; location: string; createdAt: string; offered: string }>({
  subject: 'Escalated: incident {{incidentId}} ({{serviceType}}) has no vendor',
  html: '<p>Incident <strong>{{incidentId}}</strong> ({{serviceType}}) at {{location}}, reported {{createdAt}}, found no vendor in time after offering {{offered}} vendor(s).</p><p>Please dispatch it by hand.</p>',
  text: 'Incident {{incidentId}} ({{serviceType}}) at {{location}}, reported {{createdAt}}, found no vendor in time after offering {{offered}} vendor(s). Please dispatch it by hand.',
});

/**
 * Emails the dispatch address through SES (`@roadcall/utils/notify`) and logs a warning with the
 * incident id, which a CloudWatch metric filter can count. A failed email is logged, not thrown:
 * the escalation itself is already committed and must not be retried because of the mail.
 *
 * @example
 * await sesEscalationNotifier().escalated(incident, 'dispatch@example.com');
 */
export function sesEscalationNotifier(client?: EmailClient): EscalationNotifier {
  return {
    async escalated(incident, to) {
      logger.warn('Incident escalated: no vendor accepted in time', {
        incidentId: incident.incidentId,
        serviceType: incident.serviceType,
        offered: incident.offeredVendorIds?.length ?? 0,
        metric: 'IncidentEscalated',
      });
      const email = renderTemplate(ESCALATED, {
        incidentId: incident.incidentId,
        serviceType: incident.serviceType,
        location: `${incident.location.lat.toFixed(5)}, ${incident.location.lon.toFixed(5)}`,
        createdAt: incident.createdAt,
        offered: String(incident.offeredVendorIds?.length ?? 0),
      });
      try {
        await sendEmail(to, email, client);
      } catch (error) {
        logger.error('Could not send the escalation email', { incidentId: incident.incidentId, error: error as Error });
      }
    },
  };
}
