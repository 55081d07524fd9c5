import { ValidationError } from '../errors';

/** 400: coordinates, radius or limit out of range. */
export class GeoQueryError extends ValidationError {
  override readonly code = 'INVALID_GEO_QUERY';
}
