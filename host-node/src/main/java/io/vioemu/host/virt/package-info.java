/**
 * Virtualized hosts: how a VM's packets reach the wire under each I/O model (emulation,
 * para-virtual, pass-through, SR-IOV), what each step costs in cycles and on which CPU, and the
 * hypervisor's accounting of VM exits and injected interrupts. Pure Java.
 */
package io.vioemu.host.virt;
