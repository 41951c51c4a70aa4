// Route status conditions (route_lifecycle.go).
import { ConditionSet, type Clock } from '../conditions/condition-set';
import type { Status } from '../meta';

export const RouteConditions = {
  Ready: 'Ready',
  AllTrafficAssigned: 'AllTrafficAssigned',
  IngressReady: 'IngressReady',
  CertificateProvisioned: 'CertificateProvisioned',
} as const;
export const ROUTE_CONDITION_SET = new ConditionSet('Ready', [RouteConditions.AllTrafficAssigned, RouteConditions.IngressReady, RouteConditions.CertificateProvisioned]);

export function routeLifecycle(status: Status, clock: Clock) {
  const m = ROUTE_CONDITION_SET.manage(status, clock);
  return {
    manager: m,
    initialize: () => m.initializeConditions(),
    isReady: () => m.isHappy(),
    markTrafficAssigned: () => m.markTrue(RouteConditions.AllTrafficAssigned),
    markUnknownTrafficError: (message: string) => m.markUnknown(RouteConditions.AllTrafficAssigned, 'Unknown', message),
    markConfigurationNotReady: (name: string) =>
      m.markUnknown(RouteConditions.AllTrafficAssigned, 'RevisionMissing', `Configuration "${name}" is waiting for a Revision to become ready.`),
    markConfigurationFailed: (name: string) =>
      m.markFalse(RouteConditions.AllTrafficAssigned, 'RevisionMissing', `Configuration "${name}" does not have any ready Revision.`),
    markRevisionNotReady: (name: string) => m.markUnknown(RouteConditions.AllTrafficAssigned, 'RevisionMissing', `Revision "${name}" is not yet ready.`),
    markRevisionFailed: (name: string) => m.markFalse(RouteConditions.AllTrafficAssigned, 'RevisionMissing', `Revision "${name}" failed to become ready.`),
    markMissingTrafficTarget: (kind: string, name: string) => m.markFalse(RouteConditions.AllTrafficAssigned, `${kind}Missing`, `${kind} "${name}" referenced in traffic not found.`),
    markIngressReady: () => m.markTrue(RouteConditions.IngressReady),
    markIngressNotConfigured: () => m.markUnknown(RouteConditions.IngressReady, 'IngressNotConfigured', 'Ingress has not yet been reconciled.'),
    /** knts serves plain HTTP; upstream marks the certificate condition True with this reason then. */
    markTLSNotEnabled: (message: string) => m.markTrueWithReason(RouteConditions.CertificateProvisioned, 'TLSNotEnabled', message),
    markCertificateReady: () => m.markTrue(RouteConditions.CertificateProvisioned),
    markCertificateNotReady: (name: string) => m.markUnknown(RouteConditions.CertificateProvisioned, 'CertificateNotReady', `Certificate ${name} is not ready.`),
  };
}
