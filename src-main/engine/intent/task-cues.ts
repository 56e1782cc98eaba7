import type { Task } from '@shared/tasks';
import { fixTypos, foldLetters } from './words';

/** A task suggested by the wording alone, with how strongly the words say it. */
export interface TaskCue {
  task: Task | 'supervised';
  strength: number;
  /** The words that triggered it, for the explanation. */
  match: string;
}

const RULES: Array<{ task: TaskCue['task']; strength: number; re: RegExp }> = [
  { task: 'image', strength: 0.9, re: /\b(images?|photos?|pictures?|pics|jpe?gs?|pngs?|x-?rays?|thumbnails?)\b/ },
  {
    task: 'sentiment',
    strength: 0.9,
    re: /\b(sentiments?|feel|feels|feeling|feelings|mood|moods|emotions?|emotional|opinions?|polarity|tone|positive or negative|negative or positive|how (positive|negative|upbeat|optimistic|pessimistic)|positivity|negativity|optimis(m|tic)|pessimis(m|tic)|happy or (unhappy|sad)|like or dislike|satisfied or|how (do|did) (people|customers|users|reviewers|they) (feel|think))\b/,
  },
  { task: 'forecast', strength: 0.95, re: /\b(forecasts?|forecasting)\b/ },
  // German: "Prognose der PM10-Werte für die nächsten 14 Tage" (folded: naechsten) was a regression along the date.
  {
    task: 'forecast',
    strength: 0.9,
    re: /\b(prognose\w*|(naechsten?|kommenden|folgenden) (\d+ )?(stunden|tage|tagen|wochen?|monate|monaten|quartale|quartalen|jahre|jahren))\b/,
  },
  {
    task: 'forecast',
    strength: 0.85,
    re: /\b(next|coming|upcoming|following) ((\d+|a|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fourteen|thirty|few|couple( of)?) )?(hours?|days?|weeks?|months?|quarters?|years?|fortnight)\b|\b(hours?|days?|weeks?|months?|quarters?|years?) (ahead|out|into the future)\b|\b(future|tomorrow|projection|project (future|next|the next))\b/,
  },
  {
    task: 'forecast',
    strength: 0.8,
    re: /\b(in|over|within) (the next )?(\d+|a|one|two|three|four|five|six|seven|eight|nine|ten|twelve|few|couple of) (days?|weeks?|months?|quarters?|years?)( time)?\b/,
  },
  {
    // "is the cell well segmented": a quality the rows have, not a request to segment them (modeldata cells).
    task: 'segment',
    strength: 0.9,
    re: /\b(segments?|segmentation|segmenting|(?<!\b(?:well|poorly|badly|properly|correctly|incorrectly|wrongly|accurately|not|be|been|is|are|was|were) )segmented|clusters?|clustering|cluster(ed)?|(?<!\b(?:una|la|las|cada|esta|esa|estas|esas|muchas|otras|uma|le|delle|alle) )personas?|cohorts?|similar (customers|users|clients|items|products|people|stores|members|rows|records|entries|observations|cases|ones)|(group|cluster|bucket|put)(s|ing)? (together )?(the |my |our |these |all )?similar|(group|divide|split|bucket|sort|partition)(s|ing)? (my |the |our |these |all )?(\w+ )?(into|by similarity)|groups of similar|natural groups)\b/,
  },
  {
    task: 'anomaly',
    strength: 0.9,
    re: /\b(anomal(y|ies|ous)|outliers?|unusual|abnormal|odd|weird|suspicious|irregular(ities)?|strange|out of the ordinary|unexpected|rare (events?|cases?)|novelt(y|ies)|deviations?|spikes?)\b/,
  },
  { task: 'anomaly', strength: 0.55, re: /\b(fraud(ulent|s)?|intrusions?|faults?|defects?)\b/ },
  {
    task: 'correlation',
    strength: 0.85,
    re: /\b(correlat\w*|what (drives|affects|influences|impacts|determines|explains|predicts)|which (factors|features|variables|columns|things|attributes)|(key |main )?(factors|drivers)|relationships?|related to|relate to|influences? (on )?|impact of|effect of|effects of|associated with|association|depends on|depend on|affects?|matter most)\b/,
  },
  {
    task: 'summary',
    strength: 0.85,
    re: /\b(summar(y|ize|ise|ies)|describe|description of|overview|explore|exploration|statistics|stats|profile|tell me about|what('s| is) in|look at|eda|understand (the|my|this) data)\b/,
  },
  {
    task: 'classification',
    strength: 0.8,
    re: /\b(classify|classification|classifier|categori[sz]e|whether|yes or no|true or false|is (it|this|that|the|a|an|my)|are (they|these|the)|will (the|a|an|this|my|they|he|she|it)|which (class|category|type|kind|species|group)|label|detect|identify|recogni[sz]e|spam|churn|survive|diagnos\w*|approved?|default)\b/,
  },
  {
    // A yes/no question ("does the mother smoke?", "was it approved") asks for a class.
    task: 'classification',
    strength: 0.75,
    re: /^ (is|are|was|were|does|do|did|will|would|has|have|had|can|could|should) (the|a|an|this|that|these|those|it|they|he|she|there|my|our|your|their|his|her|its|someone|somebody|people|customers?|clients?|users?|patients?|employees?|students?) /,
  },
  {
    task: 'classification',
    strength: 0.7,
    re: /^ (which|what) \w+( \w+)? (is|are|was|were|does|do|did|has|have) (the|a|an|this|that|it|they|he|she|its|their|his|her|my|our|your|each) /,
  },
  {
    // "which vowel was spoken", "what digit is written": a question for the kind of thing a row is (mlbench Vowel:
    // no column is named, and the sentence was read as a summary).
    task: 'classification',
    strength: 0.7,
    re: /^ (which|what) \w+ (is|are|was|were) \w+(ed|en|wn) ?\?? $/,
  },
  {
    // "(tell me) which vowel this is", "what kind of animal it was": an embedded question for the kind of thing.
    task: 'classification',
    strength: 0.7,
    re: /^ (which|what) \w+( \w+)?( of \w+)? (this|that|it|these|they|each one) (is|are|was|were) ?\?? $/,
  },
  {
    // "which customers will cancel", "which loans would default": which rows get a yes/no outcome.
    task: 'classification',
    strength: 0.7,
    re: /^ which \w+( \w+)? (will|would|are going to|is going to|might|could) \w+/,
  },
  {
    // "who survived", "who will leave": which rows have a yes/no outcome.
    task: 'classification',
    strength: 0.75,
    re: /^ who (will|would|is|are|was|were|did|does|do|has|have|gets?|\w+ed)\b/,
  },
  {
    // "which alcohol group", "what species": a question for one of several named kinds.
    task: 'classification',
    strength: 0.65,
    re: /^ (which|what) \w+( \w+)?( \?)? $/,
  },
  {
    task: 'regression',
    strength: 0.8,
    re: /\b(how (much|many|long|far|big|high|old|heavy|tall|large|fast|expensive|often)|estimate|regression|regress|price|prices|amount|worth|cost|number of|quantity|value of|salary|income|temperature|scores?|(sell|sells|sold|go|goes|rent|rents) for|weighs?)\b/,
  },
  {
    task: 'supervised',
    strength: 0.9,
    re: /\b(predict\w*|prediction|model|guess|determine|figure out|what will|target|outcome|estimate|predecir|predice|prediga|estimar|estima|pronosticar|clasificar|clasifica|predire|predis|prevoir|estimer|classer|prever|prevedere|stimare|classificare|vorhersagen|vorhersage|voraussagen|schaetzen|schaetze|klassifizieren|klassifiziere)\b/,
  },
];

/** Every rule that fires on the sentence, strongest first. */
export function taskCues(goal: string): TaskCue[] {
  const text = ` ${foldLetters(fixTypos(goal))
    .toLowerCase()
    .replace(/[’']/g, "'")
    .replace(/[^a-z0-9'?]+/g, ' ')} `
    // A request around the question ("tell me which vowel this is", "can you tell me whether ...") is not part of
    // it; "tell me about the data" stays (a summary).
    .replace(
      /^ (please )?((can|could|would) you )?(tell me|show me|let me know|i want to know|i would like to know|i'd like to know|i wonder)(?! about) /,
      ' ',
    );
  const cues: TaskCue[] = [];
  for (const r of RULES) {
    const m = r.re.exec(text);
    if (m && !cues.some((c) => c.task === r.task))
      cues.push({ task: r.task, strength: r.strength, match: m[0].trim() });
  }
  // "how many times WILL THE person visit", "how much WILL IT sell for": the auxiliary of a how-question, not a yes/no.
  const how = cueFor(cues, 'regression')?.match.startsWith('how ');
  const yesNo = cueFor(cues, 'classification');
  const kept = how && yesNo && /^will /.test(yesNo.match) ? cues.filter((c) => c !== yesNo) : cues;
  // A question for one of several kinds that no other rule reads ("welche Sprache spricht die Person", read as
  // "which Sprache spricht die Person"): the weakest class cue, so the likeliest categorical column is offered.
  const kind = /^ (which|who|whom) \w+/.exec(text);
  if (!kept.length && kind) kept.push({ task: 'classification', strength: 0.6, match: kind[0].trim() });
  return kept.sort((a, b) => b.strength - a.strength);
}

export const cueFor = (cues: TaskCue[], task: TaskCue['task']): TaskCue | undefined =>
  cues.find((c) => c.task === task);

/** "how many legs", "the number of claims": a count, so a few-valued numeric column is still a number. */
export const asksForCount = (goal: string): boolean =>
  /\b(how many|number of|count of|amount of|how much|total number)\b/i.test(goal);
