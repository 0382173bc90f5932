/**
 * netperf on hosts and VMs: the tests TCP_STREAM, TCP_MAERTS, TCP_RR, UDP_STREAM and UDP_RR, run by
 * {@link io.vioemu.guest.netperf.NetperfApp} endpoints over the TCP and UDP stacks of an operating
 * system ({@link io.vioemu.guest.netperf.GuestOs}), whose every step costs cycles on one of its
 * CPUs. A host's entity ({@code io.vioemu.host.netperf.StackHost}) keeps the kernels of its native
 * OS and of VMs that share its cores; every other VM is a {@link io.vioemu.guest.netperf.VmEntity}
 * of its own, which talks to its host through messages that take the VM-host latency whatever the
 * placement. The {@code netperf-star} model ({@link io.vioemu.guest.netperf.NetperfStarModel}) puts
 * such hosts on one switch; {@code netperf-cluster} (the same class) puts them on a leaf-spine or
 * fat-tree ({@link io.vioemu.guest.netperf.ClusterSetup}) with a traffic pattern ({@link
 * io.vioemu.guest.netperf.TrafficPattern}), failures, and results of its own ({@link
 * io.vioemu.guest.netperf.ClusterResults}). Each flow may start and stop at times of its own; the
 * model derives netperf's numbers, the hosts' load (each host together with its VMs) and the time
 * series from the entities' counters.
 */
package io.vioemu.guest.netperf;
