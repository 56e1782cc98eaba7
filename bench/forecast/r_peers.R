# Peer forecasts for bench/forecast from R's forecast package (Debian r-cran-forecast 8.20), default settings:
# auto.arima, ets, tbats (all seasonal periods), thetaf, snaive (longest period).
# Usage: Rscript bench/forecast/r_peers.R TRAIN_CSV "P1 P2 ..." H OUT_TSV
# TRAIN_CSV has date,value (empty value = missing); leading and trailing missing values are dropped.
# auto.arima gets the series with its gaps (it handles them); the other methods get na.interp(y).
# Writes one line per method: method <TAB> seconds <TAB> model description <TAB> h comma-separated forecasts.
suppressMessages(library(forecast))
args <- commandArgs(trailingOnly = TRUE)
d <- read.csv(args[1], colClasses = c("character", "numeric"))
periods <- as.numeric(strsplit(args[2], " ")[[1]])
h <- as.integer(args[3])
out <- args[4]
v <- d$value
ok <- which(!is.na(v))
v <- v[min(ok):max(ok)]
m <- round(periods[1])
y <- ts(v, frequency = m)
yi <- if (anyNA(y)) na.interp(y) else y
lines <- character(0)
run <- function(name, f) {
  t0 <- proc.time()[["elapsed"]]
  res <- tryCatch(f(), error = function(e) NULL)
  secs <- proc.time()[["elapsed"]] - t0
  if (is.null(res)) {
    lines <<- c(lines, paste(name, sprintf("%.2f", secs), "failed", "", sep = "\t"))
    return()
  }
  desc <- gsub("[\t\n]", " ", res$method)
  lines <<- c(lines, paste(name, sprintf("%.2f", secs), desc, paste(format(as.numeric(res$mean), digits = 15), collapse = ","), sep = "\t"))
}
run("auto.arima", function() forecast(auto.arima(y), h = h))
run("ets", function() forecast(ets(yi), h = h))
run("tbats", function() forecast(tbats(msts(as.numeric(yi), seasonal.periods = periods), use.parallel = FALSE), h = h))
run("thetaf", function() thetaf(yi, h = h))
run("snaive", function() snaive(ts(as.numeric(yi), frequency = max(periods)), h = h))
writeLines(lines, out)
