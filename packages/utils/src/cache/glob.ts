/**
 * A Redis-style glob (`*`, `?`, `[abc]`, `\x`) as a RegExp, so that L1 applies exactly the
 * pattern SCAN MATCH applies in Redis.
 */
export function globToRegExp(glob: string): RegExp {
  let source = '^';
  for (let index = 0; index < glob.length; index++) {
    const char = glob[index] as string;
    if (char === '*') source += '.*';
    else if (char === '?') source += '.';
    else if (char === '\\' && index + 1 < glob.length) source += escapeRegExp(glob[++index] as string);
    else if (char === '[') {
      const end = glob.indexOf(']', index + 1);
      if (end === -1) source += '\\[';
      else {
        let body = glob.slice(index + 1, end);
        if (body.startsWith('^')) body = `^${body.slice(1).replace(/[\\\]]/g, '\\$&')}`;
        else body = body.replace(/[\\\]^]/g, '\\$&');
        source += `[${body}]`;
        index = end;
      }
    } else source += escapeRegExp(char);
  }
  return new RegExp(`${source}$`, 's');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}
