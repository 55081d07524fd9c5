const cache = new Map<string, RegExp>();

/**
 * Matches `value` against an IAM pattern where `*` is any run of characters (none included) and
 * `?` exactly one; everything else is literal.
 *
 * @example
 * globMatch('dynamodb:Get*', 'dynamodb:GetItem', true); // true
 */
export function globMatch(pattern: string, value: string, ignoreCase = false): boolean {
  if (pattern === '*') return true;
  if (!pattern.includes('*') && !pattern.includes('?'))
    return ignoreCase ? pattern.toLowerCase() === value.toLowerCase() : pattern === value;
  const key = `${ignoreCase ? 'i' : 's'}${pattern}`;
  let regex = cache.get(key);
  if (!regex) {
    const source = pattern
      .split('')
      .map((char) => (char === '*' ? '[\\s\\S]*' : char === '?' ? '[\\s\\S]' : char.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
      .join('');
    regex = new RegExp(`^${source}$`, ignoreCase ? 'i' : '');
    cache.set(key, regex);
  }
  return regex.test(value);
}

/** The six parts of an ARN: `arn:partition:service:region:account:resource` (the resource keeps its colons). */
function arnParts(arn: string): string[] | undefined {
  const parts = arn.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return undefined;
  return [...parts.slice(0, 5), parts.slice(5).join(':')];
}

/**
 * IAM's ARN matching (the `Resource` element and `ArnLike`): each of the first five colon-separated
 * parts matches on its own, so a `*` for the region does not swallow the account; in the resource
 * part `*` spans `/` and `:` (`table/jobs/*` covers `table/jobs/index/byUser`). Case-sensitive.
 * A pattern that is not an ARN matches as a plain glob (`*`).
 *
 * @example
 * arnMatch('arn:aws:dynamodb:*:*:table/jobs/index/*', 'arn:aws:dynamodb:us-east-1:1:table/jobs/index/byUser'); // true
 */
export function arnMatch(pattern: string, arn: string): boolean {
  if (pattern === '*') return true;
  const want = arnParts(pattern);
  const have = arnParts(arn);
  if (!want || !have) return globMatch(pattern, arn);
  return want.every((part, index) => globMatch(part, have[index] as string));
}
