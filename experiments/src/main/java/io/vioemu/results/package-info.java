/**
 * The results directory: what {@code run} writes (metrics.json, metrics.csv, timeseries.csv,
 * run.json, settings.json, experiment.yaml, each atomically, run.json last) and what {@code report}
 * reads back ({@code RunDirectory}), with one {@link io.vioemu.results.Reference} type for the
 * reference values both check.
 */
package io.vioemu.results;
