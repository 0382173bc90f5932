/**
 * A model built to stress simultaneous events: every delay equals the lookahead exactly, so events
 * pile up at the same instants, and each entity's state folds in the order it sees them. A kernel
 * that broke ties by arrival order would give different results on different placements.
 */
package io.vioemu.bench.ties;
