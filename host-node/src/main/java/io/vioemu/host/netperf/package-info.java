/**
 * netperf on bare-metal hosts: the tests TCP_STREAM, TCP_MAERTS, TCP_RR, UDP_STREAM and UDP_RR, run
 * by {@link io.vioemu.host.netperf.NetperfApp} endpoints over the TCP and UDP stacks of a {@link
 * io.vioemu.host.netperf.StackHost}, whose every step costs cycles on a core; the {@code
 * netperf-star} model puts such hosts on one switch.
 */
package io.vioemu.host.netperf;
