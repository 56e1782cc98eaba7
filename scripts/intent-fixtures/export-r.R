# Writes real public datasets that ship with R and Debian r-cran-* packages as CSV files, for the goal parser's
# phrasing table (scripts/intent-fixtures/README.md). Usage: Rscript export-r.R OUT_DIR
# Needs: r-base-core r-cran-mass r-cran-modeldata r-cran-mlbench r-cran-cardata r-cran-dslabs r-cran-survival
#        r-cran-rpart r-cran-aer r-cran-hsaur3 r-cran-vcd r-cran-th.data r-cran-kmsurv r-cran-lme4 r-cran-pscl
#        r-cran-mlmrev r-cran-boot r-cran-maps
args <- commandArgs(trailingOnly = TRUE)
out <- if (length(args)) args[1] else "/tmp/intent-data"
dir.create(out, showWarnings = FALSE, recursive = TRUE)

get_data <- function(name, pkg) {
  e <- new.env()
  data(list = name, package = pkg, envir = e)
  get(name, envir = e)
}
save <- function(id, df) {
  write.csv(df, file.path(out, paste0(id, ".csv")), row.names = FALSE, na = "")
  cat(id, nrow(df), "rows\n")
}
with_names <- function(df, col) {
  df <- cbind(setNames(data.frame(rownames(df), stringsAsFactors = FALSE), col), df)
  rownames(df) <- NULL
  df
}
monthly <- function(x, value) {
  d <- seq(as.Date(sprintf("%d-%02d-01", start(x)[1], start(x)[2])), by = "month", length.out = length(x))
  setNames(data.frame(d, as.numeric(x)), c("month", value))
}

# base R datasets
save("mtcars", with_names(mtcars, "model"))
save("airquality", airquality)
save("toothgrowth", ToothGrowth)
save("infert", infert)
save("warpbreaks", warpbreaks)
save("quakes", quakes)
save("swiss", with_names(swiss, "province"))
save("trees", trees)
save("faithful", faithful)
save("chickweight", as.data.frame(ChickWeight))
save("esoph", esoph)
save("airpassengers", monthly(AirPassengers, "passengers"))
save("nottem", monthly(nottem, "temperature"))
save("co2", monthly(co2, "co2_ppm"))
save("uk-driver-deaths", monthly(UKDriverDeaths, "deaths"))
# MASS
save("cars93", MASS::Cars93)
save("birthwt", MASS::birthwt)
save("biopsy", MASS::biopsy)
save("pima", rbind(MASS::Pima.tr, MASS::Pima.te))
save("survey", MASS::survey)
save("uscereal", with_names(MASS::UScereal, "cereal"))
save("insurance", MASS::Insurance)
save("cats", MASS::cats)
save("crabs", MASS::crabs)
save("whiteside", MASS::whiteside)
# modeldata
for (n in c("attrition", "credit_data", "mlc_churn", "lending_club", "Sacramento", "car_prices", "concrete",
            "stackoverflow", "wa_churn", "scat", "hpc_data", "crickets", "ames")) {
  save(gsub("_", "-", tolower(n)), get_data(n, "modeldata"))
}
chicago <- get_data("Chicago", "modeldata")
chicago <- cbind(date = seq(as.Date("2001-01-22"), by = "day", length.out = nrow(chicago)), chicago[, c(1:6, 21:28, 36:40)])
save("chicago", chicago)
# mlbench
save("glass", get_data("Glass", "mlbench"))
save("pima-diabetes", get_data("PimaIndiansDiabetes", "mlbench"))
save("house-votes", get_data("HouseVotes84", "mlbench"))
save("zoo", with_names(get_data("Zoo", "mlbench"), "animal"))
save("breast-cancer-wisconsin", get_data("BreastCancer", "mlbench"))
save("ozone", get_data("Ozone", "mlbench"))
# carData
save("salaries", get_data("Salaries", "carData"))
save("prestige", with_names(get_data("Prestige", "carData"), "occupation"))
save("titanic-survival", with_names(get_data("TitanicSurvival", "carData"), "name"))
save("mroz", get_data("Mroz", "carData"))
save("arrests", get_data("Arrests", "carData"))
save("wells", get_data("Wells", "carData"))
save("davis", get_data("Davis", "carData"))
save("chile", get_data("Chile", "carData"))
save("un", with_names(get_data("UN", "carData"), "country"))
# dslabs
save("heights", get_data("heights", "dslabs"))
save("murders", get_data("murders", "dslabs"))
save("gapminder", get_data("gapminder", "dslabs"))
save("olive", get_data("olive", "dslabs"))
tw <- get_data("trump_tweets", "dslabs")
save("trump-tweets", tw[, c("source", "text", "created_at", "retweet_count", "favorite_count", "is_retweet")])
# AER
save("affairs", get_data("Affairs", "AER"))
save("bank-wages", get_data("BankWages", "AER"))
save("caschools", get_data("CASchools", "AER"))
save("credit-card", get_data("CreditCard", "AER"))
save("hmda", get_data("HMDA", "AER"))
save("house-prices-windsor", get_data("HousePrices", "AER"))
save("health-insurance", get_data("HealthInsurance", "AER"))
save("teaching-ratings", get_data("TeachingRatings", "AER"))
save("resume-names", get_data("ResumeNames", "AER"))
save("doctor-visits", get_data("DoctorVisits", "AER"))
save("swiss-labor", get_data("SwissLabor", "AER"))
save("journals", with_names(get_data("Journals", "AER"), "journal"))
# HSAUR3
save("forbes2000", get_data("Forbes2000", "HSAUR3"))
save("water", get_data("water", "HSAUR3"))
save("us-air-pollution", with_names(get_data("USairpollution", "HSAUR3"), "city"))
save("heptathlon", with_names(get_data("heptathlon", "HSAUR3"), "athlete"))
# vcd, survival, rpart
save("arthritis", get_data("Arthritis", "vcd"))
save("hitters", with_names(get_data("Hitters", "vcd"), "player"))
save("lung", get_data("cancer", "survival"))
save("pbc", get_data("pbc", "survival"))
save("kyphosis", get_data("kyphosis", "rpart"))
save("cu-summary", with_names(get_data("cu.summary", "rpart"), "car"))
# Session 9: tables whose outcome columns are named by codes (pgstat, pstat, fustat, delta, cens, r, y, art), so the
# sentence's words rarely meet the name and the values must say which column is the outcome.
save("stagec", get_data("stagec", "rpart"))
save("solder", get_data("solder", "rpart"))
save("mgus2", survival::mgus2)
save("veteran", survival::veteran)
save("ovarian", survival::ovarian)
save("nwtco", get_data("nwtco", "survival"))
save("flchain", get_data("flchain", "survival"))
save("quine", MASS::quine)
save("epil", MASS::epil)
save("bacteria", MASS::bacteria)
save("ships", MASS::ships)
save("traffic", MASS::Traffic)
save("uscrime", MASS::UScrime)
save("aids2", MASS::Aids2)
save("urine", get_data("urine", "boot"))
save("melanoma", get_data("melanoma", "boot"))
save("gbsg2", get_data("GBSG2", "TH.data"))
save("larynx", get_data("larynx", "KMsurv"))
save("bfeed", get_data("bfeed", "KMsurv"))
save("nmes1988", get_data("NMES1988", "AER"))
save("recreation-demand", get_data("RecreationDemand", "AER"))
save("contraception", get_data("Contraception", "mlmRev"))
save("womenlf", get_data("Womenlf", "carData"))
save("cowles", get_data("Cowles", "carData"))
save("vocab", get_data("Vocab", "carData"))
save("cbpp", get_data("cbpp", "lme4"))
save("grouseticks", get_data("grouseticks", "lme4"))
save("prussian", get_data("prussian", "pscl"))
save("biochemists", get_data("bioChemists", "pscl"))
save("schooldays", get_data("schooldays", "HSAUR3"))
save("bladdercancer", get_data("bladdercancer", "HSAUR3"))
save("clouds", get_data("clouds", "HSAUR3"))
save("chfls", get_data("CHFLS", "HSAUR3"))

# maps: 1005 US cities with their state code in `country.etc` ("which state is the city in")
save("maps-us-cities", get_data("us.cities", "maps"))
