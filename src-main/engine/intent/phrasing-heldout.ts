import type { Phrasing } from './phrasing-table';

/**
 * The held-out part of the phrasing table: written before the matcher was changed for issue 14 and never
 * tuned on (its failures are not printed; `phrasing-accuracy.test.ts` reports only the share read right).
 * Datasets are profiled for real (fixtures/profiled-contexts.json); most appear here only.
 */
export const HELD_OUT: Phrasing[] = [
  // AER Affairs
  { data: 'affairs', goal: 'how many affairs does a person have?', task: 'regression', target: 'affairs' },
  { data: 'affairs', goal: 'predict the marriage rating', task: 'classification', target: 'rating' },
  { data: 'affairs', goal: 'do they have kids', task: 'classification', target: 'children' },
  { data: 'affairs', goal: 'what factors are linked to having affairs', task: 'correlation', target: 'affairs' },
  { data: 'affairs', goal: "guess someone's religiousness", task: 'classification', target: 'religiousness' },
  // carData Arrests
  { data: 'arrests', goal: 'will the person be released?', task: 'classification', target: 'released' },
  { data: 'arrests', goal: 'predict release', task: 'classification', target: 'released' },
  { data: 'arrests', goal: 'is the suspect employed', task: 'classification', target: 'employed' },
  { data: 'arrests', goal: 'predict number of police checks', task: 'regression', target: 'checks' },
  { data: 'arrests', goal: 'summarise the arrests data', task: 'summary', target: null },
  // AER BankWages
  { data: 'bank-wages', goal: 'which job category does an employee have?', task: 'classification', target: 'job' },
  { data: 'bank-wages', goal: 'predict whether someone is a manager', task: 'classification', target: 'job' },
  { data: 'bank-wages', goal: 'is the employee from a minority?', task: 'classification', target: 'minority' },
  // carData Chile
  { data: 'chile', goal: 'how will people vote in the plebiscite', task: 'classification', target: 'vote' },
  { data: 'chile', goal: 'predict the vote', task: 'classification', target: 'vote' },
  { data: 'chile', goal: 'estimate income from age and education', task: 'regression', target: 'income' },
  { data: 'chile', goal: 'cluster voters into 5 segments', task: 'segment', k: 5 },
  // AER CreditCard
  {
    data: 'credit-card',
    goal: 'will the credit card application be accepted?',
    task: 'classification',
    target: 'card',
  },
  { data: 'credit-card', goal: 'predict monthly credit card expenditure', task: 'regression', target: 'expenditure' },
  { data: 'credit-card', goal: 'is the applicant a homeowner', task: 'classification', target: 'owner' },
  { data: 'credit-card', goal: 'which applicants are self-employed?', task: 'classification', target: 'selfemp' },
  // carData Davis
  { data: 'davis', goal: "predict a person's weight from their height", task: 'regression', target: 'weight' },
  { data: 'davis', goal: 'how tall is someone', task: 'regression', target: 'height' },
  { data: 'davis', goal: 'guess the sex from weight and height', task: 'classification', target: 'sex' },
  // AER DoctorVisits
  {
    data: 'doctor-visits',
    goal: 'how many times will a patient visit the doctor',
    task: 'regression',
    target: 'visits',
  },
  { data: 'doctor-visits', goal: 'does the patient have private insurance', task: 'classification', target: 'private' },
  { data: 'doctor-visits', goal: 'predict the number of illnesses', task: 'regression', target: 'illness' },
  // HSAUR3 heptathlon
  { data: 'heptathlon', goal: 'predict the final score of each athlete', task: 'regression', target: 'score' },
  { data: 'heptathlon', goal: 'what event matters most for the overall score', task: 'correlation', target: 'score' },
  { data: 'heptathlon', goal: 'predict javelin distance from the other events', task: 'regression', target: 'javelin' },
  { data: 'heptathlon', goal: 'group the athletes into 3 clusters', task: 'segment', k: 3 },
  // AER HousePrices (Windsor, Canada)
  { data: 'house-prices-windsor', goal: 'how much will a house sell for', task: 'regression', target: 'price' },
  {
    data: 'house-prices-windsor',
    goal: 'does the house have air conditioning',
    task: 'classification',
    target: 'aircon',
  },
  { data: 'house-prices-windsor', goal: 'estimate the lot size', task: 'regression', target: 'lotsize' },
  { data: 'house-prices-windsor', goal: 'what affects house prices here?', task: 'correlation', target: 'price' },
  { data: 'house-prices-windsor', goal: 'find weird listings', task: 'anomaly', target: null },
  // AER Journals
  { data: 'journals', goal: 'predict the number of library subscriptions', task: 'regression', target: 'subs' },
  { data: 'journals', goal: 'predict journal price', task: 'regression', target: 'price' },
  { data: 'journals', goal: 'how many citations will a journal get', task: 'regression', target: 'citations' },
  { data: 'journals', goal: 'is the journal published by a society', task: 'classification', target: 'society' },
  // rpart kyphosis
  {
    data: 'kyphosis',
    goal: 'predict whether kyphosis is present after surgery',
    task: 'classification',
    target: 'Kyphosis',
  },
  { data: 'kyphosis', goal: 'will the child have kyphosis', task: 'classification', target: 'Kyphosis' },
  // carData Mroz
  { data: 'mroz', goal: 'predict labor force participation', task: 'classification', target: 'lfp' },
  { data: 'mroz', goal: 'estimate family income', task: 'regression', target: 'inc' },
  // dslabs olive
  { data: 'olive', goal: 'which region does the olive oil come from', task: 'classification', target: 'region' },
  { data: 'olive', goal: 'predict the oleic acid content', task: 'regression', target: 'oleic' },
  { data: 'olive', goal: 'classify oils by area', task: 'classification', target: 'area' },
  // AER ResumeNames
  { data: 'resume-names', goal: 'will the applicant get a callback?', task: 'classification', target: 'call' },
  { data: 'resume-names', goal: 'predict if the resume is high quality', task: 'classification', target: 'quality' },
  { data: 'resume-names', goal: 'which industry is the job in', task: 'classification', target: 'industry' },
  // modeldata Sacramento
  { data: 'sacramento', goal: 'predict the sale price of homes in Sacramento', task: 'regression', target: 'price' },
  { data: 'sacramento', goal: 'is it a condo or a house?', task: 'classification', target: 'type' },
  { data: 'sacramento', goal: 'estimate square footage', task: 'regression', target: 'sqft' },
  { data: 'sacramento', goal: 'cluster the listings by location', task: 'segment', k: null },
  // AER SwissLabor
  {
    data: 'swiss-labor',
    goal: 'will a woman participate in the labour market',
    task: 'classification',
    target: 'participation',
  },
  { data: 'swiss-labor', goal: 'is she a foreigner', task: 'classification', target: 'foreign' },
  { data: 'swiss-labor', goal: 'predict household income', task: 'regression', target: 'income' },
  // AER TeachingRatings
  { data: 'teaching-ratings', goal: 'predict the teaching evaluation score', task: 'regression', target: 'eval' },
  { data: 'teaching-ratings', goal: 'does beauty affect course evaluations?', task: 'correlation', target: 'eval' },
  { data: 'teaching-ratings', goal: 'is the professor tenured', task: 'classification', target: 'tenure' },
  {
    data: 'teaching-ratings',
    goal: 'is the instructor a native english speaker',
    task: 'classification',
    target: 'native',
  },
  // HSAUR3 water
  { data: 'water', goal: 'predict mortality from water hardness', task: 'regression', target: 'mortality' },
  { data: 'water', goal: 'what is the relationship between hardness and mortality', task: 'correlation' },
  // carData Wells
  { data: 'wells', goal: 'will the household switch wells', task: 'classification', target: 'switch' },
  { data: 'wells', goal: 'predict arsenic level', task: 'regression', target: 'arsenic' },
  // MASS UScereal
  { data: 'uscereal', goal: 'predict calories from sugar and fat', task: 'regression', target: 'calories' },
  { data: 'uscereal', goal: 'which manufacturer makes this cereal', task: 'classification', target: 'mfr' },
  { data: 'uscereal', goal: 'how much fiber is in a cereal', task: 'regression', target: 'fibre' },
  { data: 'uscereal', goal: 'which shelf is the cereal placed on', task: 'classification', target: 'shelf' },
  // rpart cu.summary
  { data: 'cu-summary', goal: 'predict reliability', task: 'classification', target: 'Reliability' },
  { data: 'cu-summary', goal: 'how reliable is the car', task: 'classification', target: 'Reliability' },
  { data: 'cu-summary', goal: 'predict fuel mileage', task: 'regression', target: 'Mileage' },
  { data: 'cu-summary', goal: 'which country is the car made in', task: 'classification', target: 'Country' },
  // dslabs gapminder
  { data: 'gapminder', goal: 'predict life expectancy', task: 'regression', target: 'life_expectancy' },
  { data: 'gapminder', goal: 'estimate infant mortality', task: 'regression', target: 'infant_mortality' },
  { data: 'gapminder', goal: 'which continent is a country in', task: 'classification', target: 'continent' },
  { data: 'gapminder', goal: 'what drives GDP?', task: 'correlation', target: 'gdp' },
  // statsmodels fair
  { data: 'sm-fair', goal: 'predict time spent in affairs', task: 'regression', target: 'affairs' },
  { data: 'sm-fair', goal: 'how long have they been married', task: 'regression', target: 'yrs_married' },
  { data: 'sm-fair', goal: "predict the husband's occupation", task: 'classification', target: 'occupation_husb' },
  // modeldata crickets
  { data: 'crickets', goal: 'predict the chirp rate from temperature', task: 'regression', target: 'rate' },
  { data: 'crickets', goal: 'which species is the cricket', task: 'classification', target: 'species' },
  // ToothGrowth
  { data: 'toothgrowth', goal: 'predict tooth length', task: 'regression', target: 'len' },
  { data: 'toothgrowth', goal: 'which supplement was given', task: 'classification', target: 'supp' },
  // nottem (monthly)
  {
    data: 'nottem',
    goal: 'forecast the temperature for the next year',
    task: 'forecast',
    target: 'temperature',
    horizon: 12,
  },
  {
    data: 'nottem',
    goal: 'predict next 6 months of temperatures in Nottingham',
    task: 'forecast',
    target: 'temperature',
  },
  // UKDriverDeaths (monthly)
  {
    data: 'uk-driver-deaths',
    goal: 'forecast driver deaths for the next 12 months',
    task: 'forecast',
    target: 'deaths',
  },
  { data: 'uk-driver-deaths', goal: 'how many drivers will be killed next year', task: 'forecast', target: 'deaths' },
  // statsmodels macrodata (quarterly)
  {
    data: 'sm-macrodata',
    goal: 'forecast unemployment for the next 8 quarters',
    task: 'forecast',
    target: 'unemp',
    horizon: 8,
  },
  { data: 'sm-macrodata', goal: 'forecast inflation next year', task: 'forecast', target: 'infl' },
  { data: 'sm-macrodata', goal: 'forecast real GDP over the next two years', task: 'forecast', target: 'realgdp' },
  // dslabs trump_tweets
  { data: 'trump-tweets', goal: 'how positive are the tweets', task: 'sentiment', textColumn: 'text' },
  { data: 'trump-tweets', goal: 'predict how many retweets a tweet gets', task: 'regression', target: 'retweet_count' },
  { data: 'trump-tweets', goal: 'predict the source of each tweet', task: 'classification', target: 'source' },
  // New sentences over datasets that the tuning part also uses
  { data: 'mtcars', goal: 'predict fuel efficiency', task: 'regression', target: 'mpg' },
  { data: 'mtcars', goal: 'estimate horsepower from weight and displacement', task: 'regression', target: 'hp' },
  { data: 'cars93', goal: "what's the highest price for each model", task: 'regression', target: 'Max.Price' },
  { data: 'cars93', goal: 'predict the minimum price', task: 'regression', target: 'Min.Price' },
  { data: 'cars93', goal: 'predict city fuel economy', task: 'regression', target: 'MPG.city' },
  { data: 'cars93', goal: 'is a manual transmission available', task: 'classification', target: 'Man.trans.avail' },
  { data: 'iris', goal: 'what kind of iris is this flower', task: 'classification', target: 'species' },
  { data: 'iris', goal: 'predict petal width', task: 'regression', target: 'petal width (cm)' },
  { data: 'titanic-survival', goal: 'predict who lived and who died', task: 'classification', target: 'survived' },
  {
    data: 'titanic-survival',
    goal: 'which class did the passenger travel in',
    task: 'classification',
    target: 'passengerClass',
  },
  { data: 'attrition', goal: 'which employees are likely to quit', task: 'classification', target: 'Attrition' },
  { data: 'attrition', goal: 'predict monthly income', task: 'regression', target: 'MonthlyIncome' },
  {
    data: 'attrition',
    goal: 'how satisfied are employees with their job',
    task: 'classification',
    target: 'JobSatisfaction',
  },
  { data: 'credit-data', goal: 'will the borrower default?', task: 'classification', target: 'Status' },
  { data: 'credit-data', goal: 'predict whether a loan is good or bad', task: 'classification', target: 'Status' },
  { data: 'lending-club', goal: 'predict the interest rate', task: 'regression', target: 'int_rate' },
  { data: 'lending-club', goal: 'is this a good loan', task: 'classification', target: 'Class' },
  { data: 'mlc-churn', goal: 'who is going to cancel their phone plan', task: 'classification', target: 'churn' },
  { data: 'mlc-churn', goal: 'predict total day minutes', task: 'regression', target: 'total_day_minutes' },
  { data: 'stackoverflow', goal: 'does the developer work remotely', task: 'classification', target: 'Remote' },
  { data: 'stackoverflow', goal: "predict a developer's salary", task: 'regression', target: 'Salary' },
  { data: 'concrete', goal: 'how strong will the concrete be', task: 'regression', target: 'compressive_strength' },
  { data: 'sk-breast-cancer', goal: 'is the tumor cancerous', task: 'classification', target: 'diagnosis' },
  {
    data: 'pima-diabetes',
    goal: 'does the patient test positive for diabetes',
    task: 'classification',
    target: 'diabetes',
  },
  { data: 'pima-diabetes', goal: 'predict blood glucose', task: 'regression', target: 'glucose' },
  { data: 'glass', goal: 'what type of glass is it', task: 'classification', target: 'Type' },
  { data: 'salaries', goal: "predict a professor's pay", task: 'regression', target: 'salary' },
  { data: 'salaries', goal: 'what academic rank does a professor hold', task: 'classification', target: 'rank' },
  { data: 'ames', goal: 'predict the sale price of a house', task: 'regression', target: 'Sale_Price' },
  { data: 'ames', goal: 'which neighborhood is the house in', task: 'classification', target: 'Neighborhood' },
  {
    data: 'chicago',
    goal: 'forecast ridership for the next 2 weeks',
    task: 'forecast',
    target: 'ridership',
    horizon: 14,
  },
  {
    data: 'airpassengers',
    goal: 'how many people will fly next year',
    task: 'forecast',
    target: 'passengers',
    horizon: 12,
  },
  { data: 'wa-churn', goal: 'will the customer leave', task: 'classification', target: 'churn' },
  { data: 'wa-churn', goal: 'predict total charges', task: 'regression', target: 'total_charges' },
  { data: 'zoo', goal: 'what type of animal is this', task: 'classification', target: 'type' },
  { data: 'zoo', goal: 'does the animal lay eggs', task: 'classification', target: 'eggs' },
  { data: 'murders', goal: 'predict the total number of gun murders', task: 'regression', target: 'total' },
  { data: 'sk-diabetes', goal: 'predict disease progression', task: 'regression', target: 'progression' },
  { data: 'birthwt', goal: 'predict birth weight', task: 'regression', target: 'bwt' },
  { data: 'scat', goal: 'identify the species from the scat', task: 'classification', target: 'Species' },
];
