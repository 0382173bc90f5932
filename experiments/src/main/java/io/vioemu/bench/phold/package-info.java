/**
 * PHOLD, the standard benchmark of parallel discrete-event simulators, built on the kernel exactly
 * as device models are: each logical process is an entity that, per event, sends one new event to
 * itself or (with probability {@code remote}) to another logical process.
 */
package io.vioemu.bench.phold;
