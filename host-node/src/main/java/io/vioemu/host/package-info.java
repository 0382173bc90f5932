/**
 * Physical hosts: CPU cores ({@code cpu}), bare-metal network hosts whose software costs cycles
 * ({@code net}), TCP and UDP ({@code tcp}, {@code udp}), netperf hosts and their guests ({@code
 * netperf}), the I/O models and hypervisor accounting ({@code virt}), host memory with page owners
 * and DMA checks ({@code memory}), and the IOMMU with the DMA API's mapping strategies ({@code
 * iommu}).
 */
package io.vioemu.host;
