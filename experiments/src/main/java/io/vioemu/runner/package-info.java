/**
 * Runs a validated experiment: checks the model at every point before any JVM starts, runs the
 * points on one local or joined cluster ({@code LocalCluster}) with progress on stderr, and hands
 * the results to {@link io.vioemu.results} to write, atomically and only once every point is over.
 */
package io.vioemu.runner;
