/**
 * netperf on bare-metal hosts: the tests TCP_STREAM, TCP_MAERTS, TCP_RR, UDP_STREAM and UDP_RR, run
 * by {@link io.vioemu.host.netperf.NetperfApp} endpoints over the TCP and UDP stacks of a {@link
 * io.vioemu.host.netperf.StackHost}, whose every step costs cycles on a core; the {@code
 * netperf-star} model puts such hosts on one switch. Each flow may start and stop at times of its
 * own; each host meters its CPU, exits and interrupts over the measured interval and, if asked, per
 * series interval, without events of its own ({@link io.vioemu.host.netperf.HostMeter}), and the
 * model derives netperf's numbers, the hosts' load and the time series from those counters.
 */
package io.vioemu.host.netperf;
