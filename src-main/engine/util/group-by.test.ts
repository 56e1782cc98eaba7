import { describe, expect, it } from 'vitest';
import { groupBy } from './group-by';

describe('groupBy', () => {
  it('keeps keys in first-seen order and items in order within a group', () => {
    const columns = [
      { name: 'a', dbType: 'DOUBLE' },
      { name: 'b', dbType: 'VARCHAR' },
      { name: 'c', dbType: 'DOUBLE' },
      { name: 'd', dbType: 'DATE' },
      { name: 'e', dbType: 'VARCHAR' },
    ];
    const groups = groupBy(columns, (c) => c.dbType);
    expect([...groups.keys()]).toEqual(['DOUBLE', 'VARCHAR', 'DATE']);
    expect([...groups.values()].map((g) => g.map((c) => c.name))).toEqual([['a', 'c'], ['b', 'e'], ['d']]);
    expect(groupBy([], (x: number) => x).size).toBe(0);
  });

  it('groups a null key like any other (ISO dates are the null format)', () => {
    const groups = groupBy(['x', 'y', 'z'], (s) => (s === 'y' ? null : '%Y'));
    expect(groups.get(null)).toEqual(['y']);
    expect(groups.get('%Y')).toEqual(['x', 'z']);
  });
});
