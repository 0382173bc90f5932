/**
 * Physical hosts: CPU cores, hypervisor, host memory, physical NICs, IOMMU and back-ends. The
 * models arrive with the virtualized-hosts work; today the module holds only the package root so
 * that the dependency direction proto, fabric, host-node, experiments is fixed from the start.
 */
package io.vioemu.host;
