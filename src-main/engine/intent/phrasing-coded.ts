import type { Phrasing } from './phrasing-table';

/**
 * Tuning rows over tables whose outcome columns are named by codes (session 9: rpart stagec `pgstat`, statsmodels
 * randhie `mdvis`, survival mgus2 `pstat`, boot urine `r`, MASS bacteria `y`, pscl bioChemists `art`): the words of
 * the sentence rarely meet the name, so the values must say which column is the outcome. Profiled for real.
 */
export const CODED_PHRASINGS: Phrasing[] = [
  // rpart stagec
  { data: 'stagec', goal: 'will the cancer progress', task: 'classification', target: 'pgstat' },
  { data: 'stagec', goal: 'will the prostate cancer progress after surgery', task: 'classification', target: 'pgstat' },
  { data: 'stagec', goal: "what is the tumour's ploidy", task: 'classification', target: 'ploidy' },
  { data: 'stagec', goal: 'predict the gleason score', task: 'regression', target: 'gleason' },
  // statsmodels randhie
  {
    data: 'sm-randhie',
    goal: 'how many times will the person visit the doctor',
    task: 'regression',
    target: 'mdvis',
  },
  { data: 'sm-randhie', goal: 'how many doctor visits will a person make', task: 'regression', target: 'mdvis' },
  { data: 'sm-randhie', goal: 'is the person in poor health', task: 'classification', target: 'hlthp' },
  // survival mgus2
  {
    data: 'mgus2',
    goal: 'will the patient progress to a plasma cell malignancy',
    task: 'classification',
    target: 'pstat',
  },
  { data: 'mgus2', goal: 'will the patient die', task: 'classification', target: 'death' },
  { data: 'mgus2', goal: 'predict the haemoglobin', task: 'regression', target: 'hgb' },
  // survival veteran
  { data: 'veteran', goal: 'will the patient die', task: 'classification', target: 'status' },
  { data: 'veteran', goal: 'which cell type is the tumour', task: 'classification', target: 'celltype' },
  { data: 'veteran', goal: 'how long will the patient survive', task: 'regression', target: 'time' },
  // boot urine
  {
    data: 'urine',
    goal: 'does the urine contain calcium oxalate crystals',
    task: 'classification',
    target: 'r',
  },
  { data: 'urine', goal: 'predict the urea concentration', task: 'regression', target: 'urea' },
  // MASS bacteria
  { data: 'bacteria', goal: 'is the bacteria present', task: 'classification', target: 'y' },
  { data: 'bacteria', goal: 'will the child have the bacteria', task: 'classification', target: 'y' },
  // MASS quine
  {
    data: 'quine',
    goal: 'how many days will the child be absent from school',
    task: 'regression',
    target: 'Days',
  },
  { data: 'quine', goal: 'how often is the child absent', task: 'regression', target: 'Days' },
  // rpart solder
  { data: 'solder', goal: 'how many solder skips', task: 'regression', target: 'skips' },
  { data: 'solder', goal: 'how many defects will the circuit board have', task: 'regression', target: 'skips' },
  // pscl bioChemists
  { data: 'biochemists', goal: 'how many articles will the student publish', task: 'regression', target: 'art' },
  { data: 'biochemists', goal: 'how many papers does a phd student write', task: 'regression', target: 'art' },
  // carData Cowles
  { data: 'cowles', goal: 'will the person volunteer', task: 'classification', target: 'volunteer' },
  { data: 'cowles', goal: 'predict neuroticism', task: 'regression', target: 'neuroticism' },
  // lme4 grouseticks
  { data: 'grouseticks', goal: 'how many ticks will a grouse chick have', task: 'regression', target: 'TICKS' },
  // boot melanoma
  { data: 'melanoma', goal: 'will the patient die of melanoma', task: 'classification', target: 'status' },
  { data: 'melanoma', goal: 'predict tumour thickness', task: 'regression', target: 'thickness' },
  // MASS ships
  { data: 'ships', goal: 'how many damage incidents will a ship have', task: 'regression', target: 'incidents' },
  { data: 'ships', goal: 'how many accidents will the ship have', task: 'regression', target: 'incidents' },
  // survival nwtco
  { data: 'nwtco', goal: 'will the tumour relapse', task: 'classification', target: 'rel' },
  { data: 'nwtco', goal: 'will the wilms tumour come back', task: 'classification', target: 'rel' },
  // HSAUR3 schooldays
  { data: 'schooldays', goal: 'how many days will a pupil miss school', task: 'regression', target: 'absent' },
  { data: 'schooldays', goal: 'is the learner slow or average', task: 'classification', target: 'learner' },
];
