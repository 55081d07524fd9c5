import { loadConfig } from '@roadcall/utils/config';
import { validate } from '@roadcall/utils/http';
import { safeParse } from '@roadcall/utils/schema';
import * as z from 'zod/mini';

describe('schema parsing on zod/mini', () => {
  it('reports English messages (zod/mini loads no locale by itself)', () => {
    const result = safeParse(z.object({ lat: z.coerce.number().check(z.minimum(-90), z.maximum(90)) }), { lat: '91' });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([
      ['lat', 'Too big: expected number to be <=90'],
    ]);
  });

  it('keeps custom messages, defaults, coercion and strict objects', () => {
    const schema = z.strictObject({
      id: z.string().check(z.regex(/^v-\d+$/, 'invalid vendor id')),
      limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(10)), 5),
    });
    expect(safeParse(schema, { id: 'v-1' })).toEqual({ success: true, data: { id: 'v-1', limit: 5 } });
    const bad = safeParse(schema, { id: 'x', limit: '2.5', extra: true });
    expect(bad.error?.issues.map((issue) => issue.message)).toEqual([
      'invalid vendor id',
      'Invalid input: expected int, received number',
      'Unrecognized key: "extra"',
    ]);
  });

  it('turns failures into a 400 ValidationError listing every issue (createHandler path)', () => {
    expect(() => validate(z.object({ radiusKm: z.coerce.number().check(z.minimum(0.1)) }), { radiusKm: '0' }, 'query')).toThrow(
      expect.objectContaining({
        httpStatus: 400,
        details: [{ in: 'query', field: 'radiusKm', message: 'Too small: expected number to be >=0.1' }],
      }),
    );
  });

  it('loads config with mini schemas and names every invalid variable', () => {
    const shape = { A: z._default(z.coerce.number().check(z.int()), 3), B: z.string() };
    expect(loadConfig(shape, { B: 'x' })).toEqual({ A: 3, B: 'x' });
    expect(() => loadConfig(shape, { A: 'abc' })).toThrow(
      /A is invalid \(Invalid input: expected number, received NaN; got "abc"\); B is required but not set/,
    );
  });
});
