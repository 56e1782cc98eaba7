import { en, type Strings } from './en';

/** Every language the app ships, by primary language subtag. A translation adds one file and one line here. */
const LANGUAGES: Record<string, Strings> = { en };

/** The strings for a BCP 47 tag ("de-DE" → de when shipped), English otherwise. */
export function stringsFor(tag: string | null | undefined): Strings {
  const lang = (tag ?? '').toLowerCase().split(/[-_]/)[0];
  return LANGUAGES[lang] ?? en;
}

/**
 * The person's strings, chosen once at start-up from the browser's language (like the number locale). Read
 * `t.section.key` where the text is shown; message functions take values already formatted for the locale.
 */
export const t: Strings = stringsFor(typeof navigator === 'undefined' ? null : navigator.language);

export type { Strings };
