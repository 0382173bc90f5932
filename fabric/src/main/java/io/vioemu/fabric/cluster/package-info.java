/**
 * Datacenter fabrics for full hosts: a two-tier leaf-spine and a k-ary fat-tree ({@link
 * io.vioemu.fabric.cluster.ClusterShape}), routed switches that pick among equal-cost next hops by
 * hashing each flow ({@link io.vioemu.fabric.cluster.ClusterSwitch}), and scheduled link and switch
 * failures ({@link io.vioemu.fabric.cluster.FaultPlan}) that routing sees after a detection delay
 * ({@link io.vioemu.fabric.cluster.ClusterRoutes}).
 *
 * <p>Every fault is known from the parameters, so each JVM computes the same link states and the
 * same routing tables for every instant without exchanging a message: a switch asks the plan
 * whether a port is up when a frame reaches it, and which routing epoch is current.
 */
package io.vioemu.fabric.cluster;
