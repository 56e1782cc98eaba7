import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { escapeFormula, formulaRisk } from '../../engine/util/csv-writer';
import { UNESCAPE_CODE } from './csv-escape-code';

const CELLS = [
  '-10.000)',
  '-',
  '--',
  '- ',
  '-1e5',
  '+4',
  '+ve',
  '@home',
  "=cmd|' /C calc'!A0",
  "-2+3+cmd|' /C calc'!A0",
  '-A1',
  '-é',
  '-_x',
  '\tx',
  '\rx',
  "'=x",
  "'abc",
  '+1\n',
  '-1\n',
  'ok',
  '',
  '-3/4',
  '-(1)',
];

describe('the notebook undoes the CSV escape exactly as the app applies it', () => {
  it('formula_risk in Python agrees with formulaRisk, and unescape_value inverts escapeFormula', () => {
    const script = `${UNESCAPE_CODE}
import json, sys
cells = json.load(sys.stdin)
print(json.dumps({'risk': [formula_risk(c) for c in cells['raw']], 'back': [unescape_value(c) for c in cells['escaped']]}))
`;
    const out = execFileSync('python3', ['-c', script], {
      input: JSON.stringify({ raw: CELLS, escaped: CELLS.map(escapeFormula) }),
      encoding: 'utf8',
    });
    const { risk, back } = JSON.parse(out) as { risk: boolean[]; back: string[] };
    expect(risk).toEqual(CELLS.map(formulaRisk));
    expect(back).toEqual(CELLS);
  });
});
