/**
 * The report of a run directory: {@link io.vioemu.report.Report#write} reads what {@code run} wrote
 * (metrics.json, run.json, experiment.yaml, settings.json, timeseries.csv), checks the experiment's
 * reference values ({@link io.vioemu.report.ReferenceCheck}), draws the plots (PNG and SVG) and
 * writes one self-contained report.html. Same inputs, same bytes: no clock, fixed fonts and sizes.
 */
package io.vioemu.report;
