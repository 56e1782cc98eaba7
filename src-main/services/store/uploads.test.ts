import { describe, expect, it } from 'vitest';
import { safeFileName } from './uploads';

describe('safeFileName', () => {
  it('keeps letters and digits of any script as the person wrote them', () => {
    expect(safeFileName('Körperfett.csv')).toBe('Körperfett.csv');
    // macOS hands names over decomposed (o + combining diaeresis): stored composed, as typed.
    expect(safeFileName('Ko\u0308rperfett.csv')).toBe('Körperfett.csv');
    expect(safeFileName('données clients 2024.csv')).toBe('données clients 2024.csv');
    expect(safeFileName('売上データ.csv')).toBe('売上データ.csv');
  });

  it('drops folders and replaces characters that are not safe in a file name', () => {
    expect(safeFileName('../../etc/passwd')).toBe('passwd');
    expect(safeFileName('a:b*c?"d<e>f|g.csv')).toBe('a_b_c_d_e_f_g.csv');
    expect(safeFileName('tab\there\u0000.csv')).toBe('tab_here_.csv');
    expect(safeFileName('..')).toBe('upload.csv');
    expect(safeFileName('x'.repeat(300) + '.csv')).toHaveLength(120);
  });
});
