import { COLUMN_ROLES, ENCODE_STRATEGIES, IMPUTE_STRATEGIES, SCALE_STRATEGIES, type ColumnPlan } from '@shared/project';
import type { ColumnDraft, PlanDraft } from './plan-edits';
import { t } from '../../strings';

const label = (v: keyof typeof t.plan.options) => t.plan.options[v];

interface Props {
  columns: ColumnPlan[];
  draft: PlanDraft;
  onChange: (name: string, patch: Partial<ColumnDraft>) => void;
  disabled?: boolean;
  /** A column's name as the file writes it ('price' beside 'Price', which the plan calls 'price_1'). */
  shown?: (name: string) => string;
}

function Select<T extends keyof typeof t.plan.options>({
  value,
  options,
  onChange,
  disabled,
  name,
  testId,
}: {
  value: T;
  options: readonly T[];
  onChange: (v: T) => void;
  disabled?: boolean;
  name: string;
  testId: string;
}) {
  return (
    <select
      value={value}
      onChange={(e) => onChange(e.target.value as T)}
      disabled={disabled}
      aria-label={name}
      data-testid={testId}
    >
      {options.map((o) => (
        <option key={o} value={o}>
          {label(o)}
        </option>
      ))}
    </select>
  );
}

/** One row per column: keep or drop, role, and the three transformations, with the reason for the default. */
export function PlanTable({ columns, draft, onChange, disabled, shown = (name) => name }: Props) {
  return (
    <div className="table-scroll">
      <table className="table plan-table" data-testid="plan-table">
        <thead>
          <tr>
            <th scope="col">{t.plan.use}</th>
            <th scope="col">{t.profile.column}</th>
            <th scope="col">{t.plan.role}</th>
            <th scope="col">{t.plan.missing}</th>
            <th scope="col">{t.plan.encoding}</th>
            <th scope="col">{t.plan.scaling}</th>
            <th scope="col">{t.plan.why}</th>
          </tr>
        </thead>
        <tbody>
          {columns.map((c) => {
            const d = draft[c.name] ?? c;
            const dropped = d.role === 'drop';
            const isTarget = c.role === 'target';
            const changed = d.role !== c.role || d.impute !== c.impute || d.encode !== c.encode || d.scale !== c.scale;
            return (
              <tr
                key={c.name}
                className={`${dropped ? 'is-dropped' : ''} ${changed ? 'is-changed' : ''}`}
                data-testid={`plan-row-${c.name}`}
              >
                <td>
                  <input
                    type="checkbox"
                    checked={!dropped}
                    disabled={disabled || isTarget}
                    aria-label={t.plan.useNamed(shown(c.name))}
                    onChange={(e) =>
                      onChange(c.name, { role: e.target.checked ? (c.role === 'drop' ? 'feature' : c.role) : 'drop' })
                    }
                    data-testid={`use-${c.name}`}
                  />
                </td>
                <th scope="row">
                  {shown(c.name)} <span className={`kind kind-${c.kind}`}>{t.kinds[c.kind]}</span>
                </th>
                <td>
                  <Select
                    name={t.plan.roleOf(shown(c.name))}
                    value={d.role}
                    options={COLUMN_ROLES}
                    disabled={disabled || isTarget}
                    onChange={(role) => onChange(c.name, { role })}
                    testId={`role-${c.name}`}
                  />
                </td>
                <td>
                  <Select
                    name={t.plan.missingIn(shown(c.name))}
                    value={d.impute}
                    options={IMPUTE_STRATEGIES}
                    disabled={disabled || dropped}
                    onChange={(impute) => onChange(c.name, { impute })}
                    testId={`impute-${c.name}`}
                  />
                </td>
                <td>
                  <Select
                    name={t.plan.encodingOf(shown(c.name))}
                    value={d.encode}
                    options={ENCODE_STRATEGIES}
                    disabled={disabled || dropped}
                    onChange={(encode) => onChange(c.name, { encode })}
                    testId={`encode-${c.name}`}
                  />
                </td>
                <td>
                  <Select
                    name={t.plan.scalingOf(shown(c.name))}
                    value={d.scale}
                    options={SCALE_STRATEGIES}
                    disabled={disabled || dropped}
                    onChange={(scale) => onChange(c.name, { scale })}
                    testId={`scale-${c.name}`}
                  />
                </td>
                <td className="reason">{c.reason}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
