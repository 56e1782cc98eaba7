import type { DataProfile } from './project';

/**
 * A column's app name and the name written in the person's file. They differ only where two names differ by case
 * alone ("Price", "price"): the app's database cannot tell those apart, so inside the app the later one is
 * 'price_1'; everything the person reads (screens, model.json, predictions, report, notebook) says 'price'.
 */
export interface NamedColumn {
  name: string;
  written?: string;
}

/** App name -> written name, for the columns whose names differ. */
export type WrittenNames = ReadonlyMap<string, string>;

export function writtenNames(columns: readonly NamedColumn[] | undefined): WrittenNames {
  return new Map((columns ?? []).flatMap((c) => (c.written !== undefined ? [[c.name, c.written] as const] : [])));
}

/** A column's name as the person's file writes it: its written name where the app's differs, else the name itself. */
export function shownName(columns: readonly NamedColumn[] | undefined, name: string): string {
  return columns?.find((c) => c.name === name)?.written ?? name;
}

/**
 * A profile whose columns, associations and target are named as the file writes them, for charts and tables a person
 * reads (never for choices sent back: those take the app's names).
 */
export function profileAsWritten(profile: DataProfile): DataProfile {
  const written = writtenNames(profile.columns);
  if (written.size === 0) return profile;
  const shown = (name: string): string => written.get(name) ?? name;
  return {
    ...profile,
    columns: profile.columns.map(({ written: as, ...c }) => ({ ...c, name: as ?? c.name })),
    correlations: profile.correlations.map((c) => ({ ...c, a: shown(c.a), b: shown(c.b) })),
    ...(profile.target ? { target: { ...profile.target, column: shown(profile.target.column) } } : {}),
  };
}
