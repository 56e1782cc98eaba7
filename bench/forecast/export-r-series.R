# Writes real series shipped with Debian's R packages (r-base-core `datasets`, r-cran-forecast 8.20) as
# date,value CSV files (missing values as empty cells) for bench/forecast.
# Usage: Rscript bench/forecast/export-r-series.R OUT_DIR
suppressMessages(library(forecast))
args <- commandArgs(trailingOnly = TRUE)
out <- if (length(args) > 0) args[1] else "bench/.data/forecast/series"
dir.create(out, recursive = TRUE, showWarnings = FALSE)

# Calendar dates for a monthly / quarterly ts: the first day of each period.
ts_dates <- function(x) {
  f <- frequency(x)
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

for (name in c("AirPassengers", "UKgas", "USAccDeaths", "nottem", "co2", "presidents")) {
  x <- get(name, envir = asNamespace("datasets"))
  write_series(name, ts_dates(x), as.numeric(x))
}
for (name in c("wineind", "woolyrnq", "gas")) {
  x <- get(name, envir = asNamespace("forecast"))
  write_series(name, ts_dates(x), as.numeric(x))
}
# taylor: half-hourly electricity demand, England and Wales, Monday 5 June 2000 to Sunday 27 August 2000.
start <- as.POSIXct("2000-06-05 00:00:00", tz = "UTC")
write_series("taylor", format(start + 1800 * (seq_along(taylor) - 1), "%Y-%m-%d %H:%M:%S", tz = "UTC"), as.numeric(taylor))
# gold: daily morning gold price (USD), 1 January 1985 to 31 March 1989, 34 missing days; one row per day index.
write_series("gold", format(as.Date("1985-01-01") + seq_along(gold) - 1), as.numeric(gold))
# lynx: yearly Canadian lynx trappings 1821-1934 (a ~10-year cycle, no calendar season).
write_series("lynx", sprintf("%04d-01-01", 1821:1934), as.numeric(lynx))
cat("wrote", length(list.files(out)), "series to", out, "\n")
