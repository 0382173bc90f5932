/**
 * Host-physical memory and what DMA does to it. Every 4 KiB host page has an {@link
 * io.vioemu.host.memory.Owner} and a write history, so a device's write is observable: a DMA that
 * lands outside the memory of the device's owner is recorded with its victim, and a {@link
 * io.vioemu.host.memory.DamageReport} says whether the host itself was hit. A {@link
 * io.vioemu.host.memory.GuestMemory} maps a VM's guest-physical pages to the host pages backing
 * them. The {@link io.vioemu.host.memory.DmaEngine} carries a device's accesses to memory through
 * an optional {@link io.vioemu.host.memory.DmaTranslator} (the IOMMU, or nothing). Pure Java: time
 * is an argument.
 */
package io.vioemu.host.memory;
