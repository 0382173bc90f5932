/**
 * The transport stacks a kernel runs, bare-metal host's and VM's alike: TCP ({@code tcp}) and UDP
 * ({@code udp}), and the codec that carries their packets in frames between JVMs ({@link
 * io.vioemu.stack.PacketCodec}). It sits between the fabric and the nodes ({@code proto <- fabric
 * <- stack <- host-node <- guest-node}) so that neither node owns what both run.
 */
package io.vioemu.stack;
