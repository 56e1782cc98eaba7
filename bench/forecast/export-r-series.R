# Writes real series shipped with Debian's R packages (r-base-core `datasets`, r-cran-forecast 8.20, r-cran-aer,
# r-cran-tseries, r-cran-quantreg, r-cran-boot, r-cran-strucchange, r-cran-modeldata, r-cran-mass, r-cran-ggplot2) as
# date,value CSV files (missing values as empty cells) for bench/forecast.
# Usage: Rscript bench/forecast/export-r-series.R OUT_DIR
suppressMessages(library(forecast))
args <- commandArgs(trailingOnly = TRUE)
out <- if (length(args) > 0) args[1] else "bench/.data/forecast/series"
dir.create(out, recursive = TRUE, showWarnings = FALSE)

# Calendar dates for a monthly / quarterly / yearly ts: the first day of each period.
ts_dates <- function(x) {
  f <- frequency(x)
  if (f == 1) return(sprintf("%04d-01-01", as.integer(round(time(x)))))
  tt <- round(time(x) * f)
  year <- tt %/% f
  idx <- tt %% f
  month <- if (f == 12) idx + 1 else idx * 3 + 1
  sprintf("%04d-%02d-01", year, month)
}

write_series <- function(name, dates, values) {
  v <- ifelse(is.na(values), "", format(values, digits = 15, scientific = FALSE, trim = TRUE))
  write.csv(data.frame(date = dates, value = v), file.path(out, paste0(name, ".csv")), row.names = FALSE, quote = FALSE)
}
write_ts <- function(name, x) write_series(name, ts_dates(x), as.numeric(x))
from_pkg <- function(name, pkg) {
  e <- new.env()
  data(list = name, package = pkg, envir = e)
  get(name, envir = e)
}

for (name in c("AirPassengers", "UKgas", "USAccDeaths", "nottem", "co2", "presidents", "UKDriverDeaths",
               "JohnsonJohnson", "austres", "LakeHuron", "sunspot.month", "airmiles", "discoveries", "nhtemp")) {
  write_ts(gsub(".", "_", name, fixed = TRUE), get(name, envir = asNamespace("datasets")))
}
for (name in c("wineind", "woolyrnq", "gas")) write_ts(name, get(name, envir = asNamespace("forecast")))
# taylor: half-hourly electricity demand, England and Wales, Monday 5 June 2000 to Sunday 27 August 2000.
start <- as.POSIXct("2000-06-05 00:00:00", tz = "UTC")
write_series("taylor", format(start + 1800 * (seq_along(taylor) - 1), "%Y-%m-%d %H:%M:%S", tz = "UTC"), as.numeric(taylor))
# gold: daily morning gold price (USD), 1 January 1985 to 31 March 1989, 34 missing days; one row per day index.
write_series("gold", format(as.Date("1985-01-01") + seq_along(gold) - 1), as.numeric(gold))
# lynx: yearly Canadian lynx trappings 1821-1934 (a ~10-year cycle, no calendar season).
write_series("lynx", sprintf("%04d-01-01", 1821:1934), as.numeric(lynx))
# WWWusage: users connected to a server each minute (100 minutes).
write_series("WWWusage", format(as.POSIXct("2000-01-01 00:00:00", tz = "UTC") + 60 * (0:99), "%Y-%m-%d %H:%M:%S", tz = "UTC"), as.numeric(WWWusage))
# BJsales: Box & Jenkins sales, 150 consecutive periods (no calendar; written as days).
write_series("BJsales", format(as.Date("2000-01-01") + 0:149), as.numeric(BJsales))

write_ts("DutchSales", from_pkg("DutchSales", "AER"))
write_ts("GermanUnemployment", from_pkg("GermanUnemployment", "AER")[, "unadjusted"])
write_ts("USProdIndex", from_pkg("USProdIndex", "AER")[, "unadjusted"])
write_ts("USGDP", from_pkg("USMacroG", "AER")[, "gdp"])
write_ts("ArgentinaCPI", from_pkg("ArgentinaCPI", "AER"))
write_ts("PepperPrice", from_pkg("PepperPrice", "AER")[, "black"])
write_ts("UKNonDurables", from_pkg("UKNonDurables", "AER"))
write_ts("nino3", from_pkg("nino", "tseries")[, "nino3"])
write_ts("USIncome", from_pkg("USIncExp", "strucchange")[, "income"])
write_ts("manaus", from_pkg("manaus", "boot"))
write_ts("bev", from_pkg("bev", "tseries"))
# Icelandic river Jokulsa flow, daily 1972-1974 (tseries ice.river).
ice <- from_pkg("ice.river", "tseries")
write_series("ice_river", format(as.Date("1972-01-01") + seq_len(nrow(ice)) - 1), as.numeric(ice[, "flow.jok"]))
# Weekly US gasoline price from 20 August 1990 (quantreg gasprice).
gp <- from_pkg("gasprice", "quantreg")
write_series("gasprice", format(as.Date("1990-08-20") + 7 * (seq_along(gp) - 1)), as.numeric(gp))
# Daily maximum temperature in Melbourne 1981-1990, 3650 days (quantreg MelTemp).
mt <- from_pkg("MelTemp", "quantreg")
write_series("MelTemp", format(as.Date("1981-01-01") + seq_along(mt) - 1), as.numeric(mt))
# Chicago L train ridership (thousands) at Clark/Lake, daily 2001-2016 (modeldata Chicago).
ch <- from_pkg("Chicago", "modeldata")
write_series("chicago", format(ch$date), ch$ridership)
# US retail sales of beer, wine and liquor stores, monthly 1992-2017 (modeldata drinks).
dr <- from_pkg("drinks", "modeldata")
write_series("drinks", format(dr$date), as.numeric(dr[[2]]))
# Daily ozone in New York, May-September 1973, 37 missing days (datasets airquality).
write_series("ozone", format(as.Date("1973-05-01") + 0:152), airquality$Ozone)
# Daily London silver fixing (USD) 2007-2012 on weekdays only: weekends are written as missing days (AER GoldSilver).
suppressMessages(library(zoo))
gs <- from_pkg("GoldSilver", "AER")
gs <- window(gs, start = as.Date("2007-01-01"))
days <- seq(as.Date("2007-01-01"), as.Date("2012-12-31"), by = "day")
write_series("silver", format(days), as.numeric(gs[, "silver"])[match(days, index(gs))])
# Third check (session 8): the series a fresh engineer first tried in session 7.
write_ts("fdeaths", fdeaths)
write_ts("freeny", freeny.y)
write_ts("seatbelts_front", Seatbelts[, "front"])
write_series("longley_gnp", sprintf("%04d-01-01", 1947:1962), longley$GNP)
write_series("treering", sprintf("%04d-01-01", 1480:1979), tail(as.numeric(treering), 500))
b <- beaver1
tm <- as.POSIXct("1990-01-01", tz = "UTC") + (b$day - 346) * 86400 + (b$time %/% 100) * 3600 + (b$time %% 100) * 60
write_series("beaver1", format(tm, "%Y-%m-%d %H:%M:%S", tz = "UTC"), b$temp)
dj <- tail(from_pkg("DJIA8012", "AER"), 750)
djdays <- seq(min(index(dj)), max(index(dj)), by = "day")
write_series("djia", format(djdays), as.numeric(dj)[match(djdays, index(dj))])
write_ts("ukinflation", from_pkg("UKInflation", "AER")[, "actual"])
write_ts("bondyield", from_pkg("BondYield", "AER"))
eco <- ggplot2::economics
write_series("psavert", format(eco$date), eco$psavert)
write_series("unemploy", format(eco$date), eco$unemploy)
# Session 9: unseen yearly, quarterly and monthly series (tseries, AER).
np <- from_pkg("NelPlo", "tseries")
for (col in c("gnp.real", "unemp", "cpi")) write_ts(paste0("nelplo_", sub(".", "_", col, fixed = TRUE)), na.omit(np[, col]))
write_ts("usmoney_m1", from_pkg("USMoney", "AER")[, "m1"])
write_ts("tcm10y", from_pkg("tcm", "tseries")[, "tcm10y"])
write_ts("frozenjuice", from_pkg("FrozenJuice", "AER")[, "price"])
cat("wrote", length(list.files(out)), "series to", out, "\n")
