export { closePool, getPool } from './pool';
