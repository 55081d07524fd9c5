import { compileGlob, type GlobStepCounter } from '../../src/cache/glob';
import { mulberry32 as prng } from '../../src/random';

/** The RegExp translation the cache used before (exponential on many stars): the reference for small inputs. */
function referenceRegExp(glob: string): RegExp {
  const escapeText = (text: string) => text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
  let source = '^';
  for (let index = 0; index < glob.length; index++) {
    const char = glob[index] as string;
    if (char === '*') source += '.*';
    else if (char === '?') source += '.';
    else if (char === '\\' && index + 1 < glob.length) source += escapeText(glob[++index] as string);
    else if (char === '[') {
      const end = glob.indexOf(']', index + 1);
      let body = glob.slice(index + 1, end);
      if (body.startsWith('^')) body = `^${body.slice(1).replace(/[\\\]]/g, '\\$&')}`;
      else body = body.replace(/[\\\]^]/g, '\\$&');
      source += `[${body}]`;
      index = end;
    } else source += escapeText(char);
  }
  return new RegExp(`${source}$`, 's');
}

describe('compileGlob (Redis SCAN MATCH syntax)', () => {
  it.each([
    ['vendor:*', 'vendor:abc', true],
    ['vendor:*', 'vendors:abc', false],
    ['u:*:user-1:*', 'u:t:user-1:GET:/x', true],
    ['h?llo', 'hello', true],
    ['h?llo', 'hllo', false],
    ['h[ae]llo', 'hallo', true],
    ['h[^e]llo', 'hello', false],
    ['h[a-b]llo', 'hbllo', true],
    ['h[b-a]llo', 'hbllo', true],
    ['a\\*b', 'a*b', true],
    ['a\\*b', 'axb', false],
    ['*', '', true],
    ['', '', true],
    ['?', '', false],
    ['a*b*c', 'a--b--c', true],
    ['a*b*c', 'a--c--b', false],
  ])('%s against %s: %s', (glob, key, expected) => {
    expect(compileGlob(glob).test(key)).toBe(expected);
  });

  it('agrees with the RegExp translation on 5,000 seeded random patterns and keys', () => {
    const random = prng(15);
    const disagreements: Array<[string, string]> = [];
    const pick = (alphabet: string) => alphabet[Math.floor(random() * alphabet.length)] as string;
    for (let round = 0; round < 5_000; round++) {
      let glob = '';
      for (let index = Math.floor(random() * 8); index > 0; index--) {
        const roll = random();
        if (roll < 0.25) glob += '*';
        else if (roll < 0.35) glob += '?';
        else if (roll < 0.45) glob += `[${random() < 0.3 ? '^' : ''}${pick('ab:')}${random() < 0.5 ? `-${pick('bc')}` : pick('ab')}]`;
        else if (roll < 0.5) glob += `\\${pick('*?[a')}`;
        else glob += pick('ab:');
      }
      let key = '';
      for (let index = Math.floor(random() * 10); index > 0; index--) key += pick('ab:c*?');
      if (compileGlob(glob).test(key) !== referenceRegExp(glob).test(key)) disagreements.push([glob, key]);
    }
    expect(disagreements).toEqual([]);
  });

  it('matches 99 stars in at most (pattern + 1) x (key + 1) steps, where a RegExp backtracks exponentially', () => {
    const glob = `${'*a'.repeat(99)}!`; // 199 characters: within cache clear's 200-character limit
    const key = 'a'.repeat(200);
    const counter: GlobStepCounter = { steps: 0 };
    expect(compileGlob(glob, counter).test(key)).toBe(false);
    const tokens = 99 * 2 + 1;
    expect(counter.steps).toBeGreaterThan(0);
    expect(counter.steps).toBeLessThanOrEqual((tokens + 1) * (key.length + 1));
    // And it grows linearly with the key: doubling the key at most doubles the steps (plus the pattern).
    const longer: GlobStepCounter = { steps: 0 };
    compileGlob(glob, longer).test('a'.repeat(400));
    expect(longer.steps).toBeLessThanOrEqual(2 * counter.steps + (tokens + 1) * 2);
  });
});
