# Writes the small-data bench's tables (real, small, some imbalanced) as raw CSV (NA = empty cell) into the folder
# given as the first argument. Sources: R's recommended packages rpart and MASS (r-base-core's r-recommended),
# Debian r-cran-mlbench, r-cran-cardata, r-cran-aer. Nothing is downloaded.
#   Rscript bench/small/datasets.R bench/.data/small
args <- commandArgs(trailingOnly = TRUE)
out <- args[1]
dir.create(out, showWarnings = FALSE, recursive = TRUE)
suppressPackageStartupMessages({
  library(rpart)
  library(MASS)
  library(mlbench)
  library(carData)
  library(AER)
  library(modeldata)
})

save <- function(name, df) {
  df <- as.data.frame(df)
  for (c in names(df)) if (is.factor(df[[c]])) df[[c]] <- as.character(df[[c]])
  write.csv(df, file.path(out, paste0(name, ".csv")), row.names = FALSE, na = "")
}

# rpart: consumer reports cars (5 classes, target missing on 32 rows), kyphosis after surgery (3.8:1),
# stage C prostate cancer progression (pgtime, the time to progression, left out: it is known only afterwards).
save("cu", cu.summary[!is.na(cu.summary$Reliability), ])
save("kyphosis", kyphosis)
st <- stagec[, names(stagec) != "pgtime"]
st$pgstat <- ifelse(st$pgstat == 1, "progressed", "no")
save("stagec", st)
# MASS: low birth weight (bwt, the weight itself, left out), cars by type (6 classes; ids left out).
bw <- birthwt[, names(birthwt) != "bwt"]
bw$low <- ifelse(bw$low == 1, "low", "normal")
save("birthwt", bw)
save("cars93", Cars93[, !(names(Cars93) %in% c("Manufacturer", "Model", "Make"))])
# mlbench: breast cancer biopsies (Id left out), ionosphere radar returns.
data(BreastCancer); save("breastcancer", BreastCancer[, names(BreastCancer) != "Id"])
data(Ionosphere); save("ionosphere", Ionosphere)
# carData: women's labour-force participation (3 classes), arrests released with a summons (imbalanced 5:1).
save("womenlf", Womenlf)
save("arrests", Arrests)
# AER: credit card applications (expenditure and share are only known for card holders: left out; 3.4:1).
data(CreditCard); save("creditcard", CreditCard[, !(names(CreditCard) %in% c("expenditure", "share"))])

# Regression (bench/small/index.ts SETS with task 'regression'): small real tables where linear models, log scales
# and trees each have their day.
# carData: occupational prestige (census code left out), professors' salaries.
save("prestige", Prestige[, names(Prestige) != "census"])
save("salaries", Salaries)
# MASS: CPU performance (name and the published estimate estperf left out).
save("cpus", cpus[, !(names(cpus) %in% c("name", "estperf"))])
# AER: California schools' math scores (ids and the reading score left out), Windsor house prices.
data(CASchools); save("caschools", CASchools[, !(names(CASchools) %in% c("district", "school", "read"))])
data(HousePrices); save("houseprices", HousePrices)
# modeldata: biomass heating value (sample id and the original split left out), Kelley Blue Book used car prices,
# fat content of meat from 100 infrared absorbances (water and protein, measured with fat, left out).
data(biomass); save("biomass", biomass[, !(names(biomass) %in% c("sample", "dataset"))])
data(car_prices); save("car_prices", car_prices)
data(meats); save("meats", meats[, !(names(meats) %in% c("water", "protein"))])
