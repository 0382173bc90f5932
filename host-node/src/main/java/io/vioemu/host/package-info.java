/**
 * Physical hosts: CPU cores ({@code cpu}) and bare-metal network hosts whose software costs cycles
 * ({@code net}). The hypervisor, host memory, IOMMU, SR-IOV and the device back-ends arrive with
 * the virtualized-hosts work.
 */
package io.vioemu.host;
