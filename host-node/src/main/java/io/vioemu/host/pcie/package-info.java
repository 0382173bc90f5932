/**
 * A NIC's PCIe link: the DMA transfers of every queue (and virtual function) of the device share
 * it, each direction carrying transaction-layer packets one after another, so a slow link caps what
 * the NIC can move and a fast one only adds the transfer's time. Pure Java.
 */
package io.vioemu.host.pcie;
