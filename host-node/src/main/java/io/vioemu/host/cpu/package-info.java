/**
 * Host CPUs: cores at a clock rate that execute work expressed in cycles, one item after another,
 * and account the busy time per software component. Throughput becomes CPU-bound or link-bound by
 * itself: nothing here knows about links.
 */
package io.vioemu.host.cpu;
