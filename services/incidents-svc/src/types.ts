import type { GeoPoint } from '@roadcall/utils/geo';
import type { IncidentStatus, ServiceType } from './constants';

export interface Vehicle {
  readonly make: string;
  readonly model: string;
  readonly year?: number;
  readonly plate?: string;
  readonly color?: string;
}

/** The open offer of the current matching round. */
export interface Offer {
  readonly vendorIds: ReadonlyArray<string>;
  /** Epoch ms. */
  readonly expiresAt: number;
}

/** Matching state, kept on the incident so every step is one conditional write. */
export interface MatchingState {
  /** Rounds so far; each step is conditional on it, so a duplicate message cannot advance twice. */
  readonly round: number;
  /** Index into the configured radii of the search that produced the current offer. */
  readonly radiusIndex: number;
  /** Epoch ms after which an unmatched incident escalates. */
  readonly deadline: number;
  readonly offer?: Offer;
}

export interface StatusChange {
  readonly status: IncidentStatus;
  readonly at: string;
  readonly by?: string;
}

/** An incident as stored in the incidents table. */
export interface Incident {
  readonly incidentId: string;
  readonly driverId: string;
  readonly driverEmail?: string;
  readonly status: IncidentStatus;
  readonly serviceType: ServiceType;
  readonly location: GeoPoint;
  readonly vehicle: Vehicle;
  readonly description?: string;
  readonly vendorId?: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly assignedAt?: string;
  readonly escalatedAt?: string;
  readonly matching?: MatchingState;
  /** Every vendor offered the incident so far, once each (offered again once everyone in reach was). */
  readonly offeredVendorIds?: ReadonlyArray<string>;
  readonly history: ReadonlyArray<StatusChange>;
}

/** What a driver sends to report an incident. */
export interface NewIncident {
  readonly location: GeoPoint;
  readonly serviceType: ServiceType;
  readonly vehicle: Vehicle;
  readonly description?: string;
}

/** An incident as the API shows it: matching internals reduced to what a client can use. */
export interface IncidentView {
  readonly incidentId: string;
  readonly status: IncidentStatus;
  readonly driverId: string;
  readonly vendorId?: string;
  readonly serviceType: ServiceType;
  readonly location: GeoPoint;
  readonly vehicle: Vehicle;
  readonly description?: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly assignedAt?: string;
  readonly escalatedAt?: string;
  readonly matching?: {
    readonly round: number;
    readonly offeredCount: number;
    readonly deadline: string;
    readonly offerExpiresAt?: string;
  };
  readonly history: ReadonlyArray<StatusChange>;
}

/** The matching queue's message: which incident, and the round it expects to find it in. */
export interface MatchingMessage {
  readonly incidentId: string;
  /** The round the sender saw; a message whose round is stale is dropped (idempotency). */
  readonly round: number;
}
