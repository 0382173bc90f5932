/**
 * Reserved for a guest-only JVM entry point. VMs are entities of their own ({@code
 * io.vioemu.host.netperf.VmEntity}, placed on any JVM by the run's placement strategy), but their
 * kernel stack is the one bare-metal hosts run too, so it lives in host-node beside them.
 */
package io.vioemu.guest;
