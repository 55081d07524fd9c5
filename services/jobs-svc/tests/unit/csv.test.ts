import { columnsOf, csvField, csvRow } from '../../src/csv';

describe('csv', () => {
  it('quotes per RFC 4180 and neutralises spreadsheet formulas', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('line\nbreak')).toBe('"line\nbreak"');
    expect(csvField('=SUM(A1)')).toBe("'=SUM(A1)");
    expect(csvField(undefined)).toBe('');
    expect(csvField(['tow', 'tire'])).toBe('"[""tow"",""tire""]"');
    expect(csvField(new Set(['a']))).toBe('"[""a""]"');
    expect(csvRow([1, 'x', null])).toBe('1,x,\r\n');
    expect(csvField(-5)).toBe('-5');
  });

  it('puts the key first, then the union of attributes, sorted', () => {
    expect(
      columnsOf(
        [
          { b: 1, id: 'x' },
          { a: 2, id: 'y' },
        ],
        'id',
      ),
    ).toEqual(['id', 'a', 'b']);
  });
});
