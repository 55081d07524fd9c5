/**
 * @roadcall/utils: import a concern by its subpath (`@roadcall/utils/http`, `/cache`, `/db`, ...)
 * so a handler's bundle holds only what it uses. This root re-exports the shared error family.
 */
export * from './errors';
