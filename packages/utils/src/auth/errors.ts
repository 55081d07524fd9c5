export { ForbiddenError, UnauthenticatedError } from '../errors';
