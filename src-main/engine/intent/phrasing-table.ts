import type { Task } from '@shared/tasks';
import { CODED_PHRASINGS } from './phrasing-coded';
import { PROFILED_PHRASINGS } from './phrasing-profiled';

/** One row of the phrasing table: a sentence over a dataset and what it must be read as. */
export interface Phrasing {
  data: string;
  goal: string;
  task: Task;
  target?: string | null;
  horizon?: number | null;
  k?: number | null;
  date?: string | null;
  textColumn?: string | null;
}

/** Over the bundled samples (profiled for real) and real column sets in fixtures/contexts.ts. */
const FIRST_PHRASINGS: Phrasing[] = [
  // Boston housing (bundled, profiled)
  { data: 'boston-housing', goal: 'predict the price', task: 'regression', target: 'price' },
  { data: 'boston-housing', goal: 'How much is a house worth?', task: 'regression', target: 'price' },
  {
    data: 'boston-housing',
    goal: 'estimate home values from the number of rooms and the crime rate',
    task: 'regression',
    target: 'price',
  },
  { data: 'boston-housing', goal: 'What drives house prices?', task: 'correlation', target: 'price' },
  { data: 'boston-housing', goal: 'which factors affect the price the most', task: 'correlation', target: 'price' },
  { data: 'boston-housing', goal: 'PREDICT PRICE', task: 'regression', target: 'price' },
  { data: 'boston-housing', goal: 'predict the cost of a home', task: 'regression', target: 'price' },
  { data: 'boston-housing', goal: 'is this tract near the river?', task: 'classification', target: 'near_river' },
  {
    data: 'boston-housing',
    goal: 'predict crime rate from the other columns',
    task: 'regression',
    target: 'crime_rate',
  },
  { data: 'boston-housing', goal: 'find unusual neighbourhoods', task: 'anomaly', target: null },
  { data: 'boston-housing', goal: 'summarize this data', task: 'summary', target: null },
  { data: 'boston-housing', goal: 'group the tracts into 3 clusters', task: 'segment', k: 3 },
  {
    data: 'boston-housing',
    goal: 'predict the pupil-teacher ratio',
    task: 'regression',
    target: 'pupil_teacher_ratio',
  },
  { data: 'boston-housing', goal: '', task: 'regression', target: 'price' },
  // Palmer penguins (bundled)
  { data: 'penguins', goal: 'predict the species', task: 'classification', target: 'species' },
  { data: 'penguins', goal: 'which species is this penguin?', task: 'classification', target: 'species' },
  { data: 'penguins', goal: 'classify penguins by type', task: 'classification', target: 'species' },
  { data: 'penguins', goal: 'predict body mass from flipper length', task: 'regression', target: 'body_mass_g' },
  { data: 'penguins', goal: 'how heavy is a penguin', task: 'regression', target: 'body_mass_g' },
  { data: 'penguins', goal: 'is the penguin male or female?', task: 'classification', target: 'sex' },
  { data: 'penguins', goal: 'predict sex', task: 'classification', target: 'sex' },
  { data: 'penguins', goal: 'which island did it come from', task: 'classification', target: 'island' },
  { data: 'penguins', goal: 'cluster the penguins into three groups', task: 'segment', k: 3 },
  { data: 'penguins', goal: 'predict bill length', task: 'regression', target: 'bill_length_mm' },
  { data: 'penguins', goal: 'what is related to flipper length?', task: 'correlation', target: 'flipper_length_mm' },
  { data: 'penguins', goal: 'spot odd penguins', task: 'anomaly' },
  // US births per day (bundled, daily)
  {
    data: 'us-births-daily',
    goal: 'forecast births for the next 30 days',
    task: 'forecast',
    target: 'births',
    horizon: 30,
    date: 'date',
  },
  {
    data: 'us-births-daily',
    goal: 'predict the number of births next month',
    task: 'forecast',
    target: 'births',
    horizon: 30,
    date: 'date',
  },
  {
    data: 'us-births-daily',
    goal: 'forecast daily births for the next two weeks',
    task: 'forecast',
    target: 'births',
    horizon: 14,
  },
  {
    data: 'us-births-daily',
    goal: 'how many babies will be born in the next 2 years?',
    task: 'forecast',
    target: 'births',
    horizon: 730,
  },
  { data: 'us-births-daily', goal: 'forecast births for the next quarter', task: 'forecast', horizon: 91 },
  { data: 'us-births-daily', goal: 'project births 90 days ahead', task: 'forecast', target: 'births', horizon: 90 },
  { data: 'us-births-daily', goal: "forecast tomorrow's births", task: 'forecast', target: 'births', horizon: 1 },
  { data: 'us-births-daily', goal: 'give me an overview of the births', task: 'summary' },
  // CPS wages 1985 (bundled)
  { data: 'cps-wages-1985', goal: 'predict the hourly wage', task: 'regression', target: 'wage' },
  { data: 'cps-wages-1985', goal: 'estimate salary from education and experience', task: 'regression', target: 'wage' },
  { data: 'cps-wages-1985', goal: 'is this worker in a union?', task: 'classification', target: 'union' },
  { data: 'cps-wages-1985', goal: 'predict whether someone is married', task: 'classification', target: 'married' },
  { data: 'cps-wages-1985', goal: 'which occupation does a person have', task: 'classification', target: 'occupation' },
  { data: 'cps-wages-1985', goal: 'what affects wages?', task: 'correlation', target: 'wage' },
  { data: 'cps-wages-1985', goal: 'predict income', task: 'regression', target: 'wage' },
  { data: 'cps-wages-1985', goal: 'segment workers into 4 groups', task: 'segment', k: 4 },
  { data: 'cps-wages-1985', goal: 'predict gender', task: 'classification', target: 'gender' },
  { data: 'cps-wages-1985', goal: 'how old is the worker?', task: 'regression', target: 'age' },
  // Titanic
  { data: 'titanic', goal: 'who survived the titanic?', task: 'classification', target: 'Survived' },
  { data: 'titanic', goal: 'predict survival', task: 'classification', target: 'Survived' },
  { data: 'titanic', goal: 'predict the fare', task: 'regression', target: 'Fare' },
  { data: 'titanic', goal: 'which port did passengers embark from', task: 'classification', target: 'Embarked' },
  { data: 'titanic', goal: 'will a passenger survive?', task: 'classification', target: 'Survived' },
  { data: 'titanic', goal: 'predict age from class and sex', task: 'regression', target: 'Age' },
  // Telco churn
  { data: 'telco', goal: 'which customers will churn?', task: 'classification', target: 'Churn' },
  { data: 'telco', goal: 'predict customer attrition', task: 'classification', target: 'Churn' },
  { data: 'telco', goal: 'predict monthly charges', task: 'regression', target: 'MonthlyCharges' },
  { data: 'telco', goal: 'predict the contract type', task: 'classification', target: 'Contract' },
  { data: 'telco', goal: 'group customers by similarity', task: 'segment', k: null },
  { data: 'telco', goal: 'what factors drive churn?', task: 'correlation', target: 'Churn' },
  // SMS spam
  { data: 'smsSpam', goal: 'detect spam', task: 'classification', target: 'label' },
  { data: 'smsSpam', goal: 'is this message spam or ham?', task: 'classification', target: 'label' },
  { data: 'smsSpam', goal: 'how do people feel in these messages', task: 'sentiment', textColumn: 'message' },
  // Breast cancer (scikit-learn)
  { data: 'breastCancer', goal: 'is the tumour malignant or benign?', task: 'classification', target: 'diagnosis' },
  { data: 'breastCancer', goal: 'predict the diagnosis', task: 'classification', target: 'diagnosis' },
  // Wine quality
  { data: 'wineQuality', goal: 'predict wine quality', task: 'classification', target: 'quality' },
  { data: 'wineQuality', goal: 'estimate the alcohol content', task: 'regression', target: 'alcohol' },
  // California housing (scikit-learn)
  { data: 'california', goal: 'predict the median house value', task: 'regression', target: 'MedHouseVal' },
  { data: 'california', goal: 'predict median income', task: 'regression', target: 'MedInc' },
  // Airline passengers (monthly)
  {
    data: 'airline',
    goal: 'forecast passengers for the next 2 years',
    task: 'forecast',
    target: 'Passengers',
    horizon: 24,
    date: 'Month',
  },
  {
    data: 'airline',
    goal: "forecast next quarter's passenger numbers",
    task: 'forecast',
    target: 'Passengers',
    horizon: 3,
  },
  // Online retail RFM
  { data: 'retail', goal: 'segment customers into 5 groups', task: 'segment', k: 5 },
  { data: 'retail', goal: 'find customers with unusual spending', task: 'anomaly' },
  // Credit-card fraud
  { data: 'creditFraud', goal: 'detect fraudulent transactions', task: 'anomaly' },
  { data: 'creditFraud', goal: 'predict the class of each transaction', task: 'classification', target: 'Class' },
  // Product reviews
  { data: 'reviews', goal: 'how do reviewers feel about the product?', task: 'sentiment', textColumn: 'review_body' },
  { data: 'reviews', goal: 'predict the star rating', task: 'classification', target: 'star_rating' },
  { data: 'reviews', goal: 'what is the sentiment of each review', task: 'sentiment', textColumn: 'review_body' },
  // Diabetes (scikit-learn)
  { data: 'diabetes', goal: 'predict disease progression one year later', task: 'regression', target: 'progression' },
  // Walmart weekly sales
  {
    data: 'walmart',
    goal: 'forecast weekly sales for the next 8 weeks',
    task: 'forecast',
    target: 'Weekly_Sales',
    horizon: 8,
    date: 'Date',
  },
  { data: 'walmart', goal: 'forecast sales for next year', task: 'forecast', target: 'Weekly_Sales', horizon: 52 },
  // Rotterdam breast cancer: recurrence said in plain words
  { data: 'rotterdam', goal: 'will the cancer come back', task: 'classification', target: 'recur' },
  { data: 'rotterdam', goal: 'will the tumour return after surgery', task: 'classification', target: 'recur' },
  { data: 'rotterdam', goal: 'will the patient relapse', task: 'classification', target: 'recur' },
  { data: 'rotterdam', goal: 'will the patient die', task: 'classification', target: 'death' },
  // State of the Union sentences (bundled, free text)
  { data: 'sotu-sentences', goal: 'how do presidents feel?', task: 'sentiment', textColumn: 'sentence', target: null },
  { data: 'sotu-sentences', goal: 'how positive is each sentence', task: 'sentiment', textColumn: 'sentence' },
  { data: 'sotu-sentences', goal: 'what is the tone of the speeches?', task: 'sentiment', textColumn: 'sentence' },
  { data: 'sotu-sentences', goal: 'which party gave the speech', task: 'classification', target: 'party' },
  // No data yet
  { data: 'none', goal: 'classify photos of cats and dogs', task: 'image' },
  { data: 'none', goal: 'predict house prices', task: 'regression', target: null },
  { data: 'none', goal: 'will this customer churn?', task: 'classification', target: null },
];

/** The tuning part of the phrasing table (the held-out part is in phrasing-heldout.ts). */
export const PHRASINGS: Phrasing[] = [...FIRST_PHRASINGS, ...PROFILED_PHRASINGS, ...CODED_PHRASINGS];
