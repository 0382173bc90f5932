/**
 * The guest's half of each I/O model ({@link io.vioemu.guest.virt.GuestIo}): the VM exits its vCPUs
 * take, interrupt delivery, and its DMA API's cycles. Pure Java.
 */
package io.vioemu.guest.virt;
