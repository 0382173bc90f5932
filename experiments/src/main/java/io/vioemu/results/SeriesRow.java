package io.vioemu.results;

/**
 * One row of timeseries.csv: the value of a series over one interval.
 *
 * @param point the sweep point's index (0 for a single run)
 * @param series the series' name ({@code goodputBitsPerSec}, {@code flow3.goodputBitsPerSec})
 * @param tPs the interval's start in picoseconds
 * @param value the value over the interval
 */
public record SeriesRow(int point, String series, long tPs, double value) {}
