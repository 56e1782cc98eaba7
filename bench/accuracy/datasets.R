# Writes the benchmark's R datasets as raw CSV files (NA = empty cell) into the folder given as the first argument.
# Sources: Debian packages r-cran-mlbench, r-cran-aer, r-cran-cardata, r-cran-kernlab, r-cran-modeldata,
# r-cran-dslabs (install them with apt-get; nothing is downloaded). prepare.py then adds the split and the spec.
#   Rscript bench/accuracy/datasets.R bench/.data/accuracy/raw
args <- commandArgs(trailingOnly = TRUE)
out <- args[1]
dir.create(out, showWarnings = FALSE, recursive = TRUE)
suppressPackageStartupMessages({
  library(mlbench)
  library(kernlab)
  library(AER)
  library(carData)
  library(modeldata)
  library(dslabs)
})

save <- function(name, df) {
  df <- as.data.frame(df)
  # Ordered factors and factors become their labels; logicals stay TRUE/FALSE.
  for (c in names(df)) if (is.factor(df[[c]])) df[[c]] <- as.character(df[[c]])
  write.csv(df, file.path(out, paste0(name, ".csv")), row.names = FALSE, na = "")
}

data(Sonar); save("sonar", Sonar)
data(Glass); save("glass", Glass)
data(Soybean); save("soybean", Soybean)
data(PimaIndiansDiabetes2); save("pima", PimaIndiansDiabetes2)
data(Vehicle); save("vehicle", Vehicle)
data(Satellite); save("satellite", Satellite)
data(CPS1985); save("cps1985", CPS1985)
data(HMDA); save("hmda", HMDA)
data(spam); save("spam", spam)
data(income); save("income", income)
save("titanic", TitanicSurvival)
data(concrete); save("concrete", concrete)
data(attrition); save("attrition", attrition)
data(ames); save("ames", ames)
data(credit_data); save("credit", credit_data)
data(hpc_data); save("hpc", hpc_data)
data(small_fine_foods); save("fine_foods", training_data[, c("review", "score")])
# Which phone wrote a tweet (Android or iPhone), from its text and counts; retweets left out.
tw <- trump_tweets[trump_tweets$source %in% c("Twitter for Android", "Twitter for iPhone") & !trump_tweets$is_retweet, ]
tw$hour <- as.numeric(format(tw$created_at, "%H"))
save("trump", data.frame(text = tw$text, hour = tw$hour, retweets = tw$retweet_count,
                         favorites = tw$favorite_count, source = sub("Twitter for ", "", tw$source)))
