import { ConflictError, ForbiddenError, NotFoundError } from '@roadcall/utils';

/** 404: no vendor with this id. */
export class VendorNotFoundError extends NotFoundError {
  constructor(vendorId: string) {
    super(`Vendor ${vendorId} not found`, { details: { vendorId } });
  }
}

/** 409: a vendor with this id already exists. */
export class VendorExistsError extends ConflictError {
  override readonly code = 'VENDOR_EXISTS';
  constructor(vendorId: string) {
    super(`Vendor ${vendorId} already exists`, { details: { vendorId } });
  }
}

/** 403: only the vendor itself (its `custom:vendorId` claim) or an admin may change a vendor. */
export class NotVendorOwnerError extends ForbiddenError {
  constructor() {
    super('Only the vendor itself or an administrator may change this vendor');
  }
}

/** 409: the vendor holds as many active incidents as its capacity allows. */
export class VendorAtCapacityError extends ConflictError {
  override readonly code = 'VENDOR_AT_CAPACITY';
  constructor(vendorId: string, holders: ReadonlyArray<string>) {
    super(`Vendor ${vendorId} is already on ${holders.length} active incident(s)`, { details: { vendorId, holders } });
  }
}

/** 409: the vendor is off duty (or disabled), so it cannot take an incident. */
export class VendorUnavailableError extends ConflictError {
  override readonly code = 'VENDOR_UNAVAILABLE';
  constructor(vendorId: string) {
    super(`Vendor ${vendorId} is not available`, { details: { vendorId } });
  }
}
