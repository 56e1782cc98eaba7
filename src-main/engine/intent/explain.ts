import type { Intent, NamedInputs } from '@shared/project';
import { horizonText } from '@shared/units';

/** One sentence a person can read back: what the app understood. */
export function explain(intent: Intent, cue: string, period?: string | null): string {
  const reading = explainReading(intent, cue, period);
  const missing = intent.missingColumn;
  if (!missing) return reading;
  const options = missing.suggestions.map((s) => `'${s}'`);
  const didYouMean = options.length
    ? ` Did you mean ${options.length > 1 ? `${options.slice(0, -1).join(', ')} or ${options[options.length - 1]}` : options[0]}?`
    : '';
  return `No column called '${missing.named}'.${didYouMean} ${reading}`;
}

function explainReading(intent: Intent, cue: string, period?: string | null): string {
  const t = intent.target ? `'${intent.target}'` : 'a column you choose';
  const via = cue ? ` (read from "${cue}")` : '';
  switch (intent.task) {
    case 'regression':
      return `Predict ${t} (a number: regression) ${inputsPhrase(intent.inputs)}${via}.`;
    case 'classification':
      return `Predict ${t} (a category: classification) ${inputsPhrase(intent.inputs)}${via}.`;
    case 'forecast': {
      // In the data's own unit once the dates are profiled ("30 days ahead"), else in periods.
      const h = intent.horizon ? `${horizonText(intent.horizon, period)} ahead` : 'ahead';
      return `Forecast ${t} ${h}${intent.date ? ` along '${intent.date}'` : ''}${via}.`;
    }
    case 'segment':
      return `Group the rows into ${intent.k ?? 'a data-chosen number of'} segments of similar rows${via}${leftOut(intent.inputs)}.`;
    case 'anomaly':
      return `Find unusual rows (anomaly detection)${via}${leftOut(intent.inputs)}.`;
    case 'correlation':
      return intent.target
        ? `Rank the columns by how strongly they relate to ${t}${via}.`
        : `Show how the columns relate to each other${via}.`;
    case 'summary':
      return `Summarise the data: types, distributions, missing values and relationships${via}.`;
    case 'sentiment':
      return `Score how positive or negative ${intent.textColumn ? `'${intent.textColumn}'` : 'the text'} is${intent.target ? `, learning from '${intent.target}'` : ''}${via}.`;
    case 'image':
      return `Classify images by their folder names${via}.`;
  }
}

/** "from carat and clarity", "from the other columns except x, y and z", or "from the other columns". */
export function inputsPhrase(inputs: NamedInputs | undefined): string {
  if (inputs?.only?.length) return `from ${listOf(inputs.only)} only`;
  if (inputs?.without?.length) return `from the other columns except ${listOf(inputs.without)}`;
  return 'from the other columns';
}

/** ", using only a and b" / ", leaving out x and y" for tasks without a target; '' when the goal named no inputs. */
function leftOut(inputs: NamedInputs | undefined): string {
  if (inputs?.only?.length) return `, using only ${listOf(inputs.only)}`;
  if (inputs?.without?.length) return `, leaving out ${listOf(inputs.without)}`;
  return '';
}

const listOf = (names: string[]): string => {
  const q = names.map((n) => `'${n}'`);
  return q.length > 1 ? `${q.slice(0, -1).join(', ')} and ${q[q.length - 1]}` : q[0];
};
