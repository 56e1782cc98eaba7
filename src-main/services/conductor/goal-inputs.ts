import type { NamedInputs, PreprocessPlan } from '@shared/project';

/**
 * Drops the columns the goal sentence left out ("without using x", or every input not in "from carat and clarity")
 * from the default plan, each with the reason. Runs before the person's own edits, so ticking a column back wins.
 * The target, and id/date columns the plan already keeps out, are never touched.
 */
export function applyGoalInputs(plan: PreprocessPlan, inputs: NamedInputs | undefined): PreprocessPlan {
  if (!inputs?.only?.length && !inputs?.without?.length) return plan;
  const only = inputs.only?.length ? new Set(inputs.only) : null;
  const without = new Set(inputs.without ?? []);
  const named = inputs.only?.join(', ') ?? '';
  const columns = plan.columns.map((col) => {
    if (col.role !== 'feature' && col.role !== 'text') return col;
    if (without.has(col.name)) return { ...col, role: 'drop' as const, reason: 'The goal says not to use it.' };
    if (only && !only.has(col.name))
      return { ...col, role: 'drop' as const, reason: `The goal names the inputs: ${named}.` };
    return col;
  });
  return { ...plan, columns };
}
