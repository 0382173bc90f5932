/**
 * Virtual machines and the kernels that run in them: the kernel with its sockets, TCP/UDP ({@code
 * io.vioemu.stack}) and driver ({@code netperf}'s {@code GuestOs}, also a bare-metal host's native
 * OS), netperf's applications and flows, the VM entity ({@code VmEntity}) and the {@code
 * netperf-star} model that wires hosts and guests together ({@code netperf}); the guest's half of
 * each I/O model, its exits and its DMA API's cycles ({@code virt}).
 *
 * <p>guest-node depends on host-node, never the reverse: a guest runs on its host's hardware (its
 * vCPUs are {@code CoreModel}s, its I/O model's two halves count into one {@code IoPath}) and talks
 * to its host through host-node's links ({@code DeviceLink}, {@code GuestLink}, {@code VmLink});
 * the host gets the kernels that live in its entity from a {@code KernelFactory} the model
 * supplies.
 */
package io.vioemu.guest;
