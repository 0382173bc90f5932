/**
 * Virtual machines: guest memory, guest network stack, guest drivers and workloads. The models
 * arrive with the virtualized-hosts work; today the module holds only the package root.
 */
package io.vioemu.guest;
