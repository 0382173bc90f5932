package io.vioemu.host.netperf;

import io.vioemu.host.iommu.DmaApiTuning;
import io.vioemu.host.iommu.DmaStrategy;
import io.vioemu.host.iommu.IommuSettings;
import io.vioemu.host.net.AdaptiveItr;
import io.vioemu.host.net.HostCosts;
import io.vioemu.host.net.InterruptModeration;
import io.vioemu.host.virt.DmaPath;
import io.vioemu.host.virt.GrantTable;
import io.vioemu.host.virt.InterruptMode;
import io.vioemu.host.virt.IoModel;
import io.vioemu.host.virt.IoPath;
import io.vioemu.host.virt.VirtCosts;
import io.vioemu.stack.tcp.TcpSettings;
import io.vioemu.stack.udp.Datagram;

/**
 * A netperf scenario's host-side settings, validated once.
 *
 * @param test which netperf test
 * @param messageBytes send size of STREAM tests; request size of RR tests
 * @param responseBytes RR response size
 * @param receiveCallBytes the largest read of a STREAM receiver (netperf's -M)
 * @param stopPs no new message or transaction starts at or after this time
 * @param warmupPs bytes and transactions before this time are not measured
 * @param tcp every connection's settings (TSO is {@code tcp.tsoMaxBytes})
 * @param udpBufferBytes UDP socket send and receive buffers
 * @param gro receive aggregation (GRO/LRO): in-order segments of one connection taken in one
 *     interrupt are merged before the stack, up to 64 KB
 * @param checksumOffload the NIC computes and verifies checksums; else the CPU touches every byte
 * @param cores 1, or 2: interrupts and the stack's softirq on core 0, applications on core 1
 * @param rxRingFrames receive descriptors; a full ring drops
 * @param coalesceFrames NIC interrupt moderation: one interrupt per this many frames
 * @param coalescePs or this long after the first frame
 * @param itrPs the NIC's interrupt throttle: at least this long between two interrupts (0: none)
 * @param adaptiveItr whether the driver adapts the throttle to its traffic, as e1000's does
 * @param costs cycles per operation
 * @param virt cycles per virtualization and IOMMU operation
 * @param interrupts how interrupts reach a guest: exits, posted (APICv) or exitless (ELI)
 * @param iommu the DMA API's strategy in the OS that drives the device
 * @param dmaApi the host OS's DMA strategy and the strategies' knobs (deferred batch and flush
 *     interval, optimistic teardown's bounds, large pages)
 * @param iommuHardware the IOMMU's IOTLB geometry and queues
 * @param hostCores physical cores a host's guests share (vCPUs and back-end threads run on them in
 *     turn); 0 gives every one a core of its own
 * @param seriesIntervalPs length of the intervals of the time series (goodput, CPU) the hosts
 *     count; 0 for none
 * @param vcpus CPUs of each VM (a native OS has {@code cores}); like {@code cores}, 1 or 2
 * @param vmMemoryMiB memory of each VM; 0 for the size the NIC driver's DMA setup picks itself
 * @param vmHostLatencyPs how long anything a VM and its host tell each other takes to be seen: a
 *     doorbell or an interrupt crossing PCIe, a ring's flags moving between cores; every VM pays
 *     it, wherever its entity runs. 0 makes it immediate, which keeps each VM in its host's entity
 *     (as sharing the host's cores, {@code hostCores}, does)
 */
public record NetperfSettings(
    NetperfTest test,
    int messageBytes,
    int responseBytes,
    int receiveCallBytes,
    long stopPs,
    long warmupPs,
    TcpSettings tcp,
    long udpBufferBytes,
    boolean gro,
    boolean checksumOffload,
    int cores,
    int rxRingFrames,
    int coalesceFrames,
    long coalescePs,
    long itrPs,
    AdaptiveItr.Mode adaptiveItr,
    HostCosts costs,
    VirtCosts virt,
    InterruptMode interrupts,
    DmaStrategy iommu,
    DmaApiTuning dmaApi,
    IommuSettings iommuHardware,
    int hostCores,
    long seriesIntervalPs,
    int vcpus,
    int vmMemoryMiB,
    long vmHostLatencyPs) {
  /** 4 KiB pages per MiB. */
  private static final long PAGES_PER_MIB = 256;

  public NetperfSettings {
    if (messageBytes < 1 || responseBytes < 1 || receiveCallBytes < 1) {
      throw new IllegalArgumentException("message, response and receive sizes must be >= 1 byte");
    }
    if (cores < 1 || cores > 2) {
      throw new IllegalArgumentException("cores must be 1 or 2, was " + cores);
    }
    if (vcpus < 1 || vcpus > 2) {
      throw new IllegalArgumentException("a VM has 1 or 2 vCPUs, was " + vcpus);
    }
    if (vmHostLatencyPs < 0) {
      throw new IllegalArgumentException("the VM-host latency must be >= 0 ps");
    }
    if (seriesIntervalPs < 0 || vmMemoryMiB < 0) {
      throw new IllegalArgumentException("series interval and VM memory must be >= 0");
    }
    if (!test.tcp()) {
      int max = Datagram.maxDataBytes(tcp.mtuBytes());
      if (messageBytes > max || (test.requestResponse() && responseBytes > max)) {
        throw new IllegalArgumentException(
            "UDP messages must fit one packet: at most " + max + " bytes at this MTU");
      }
    }
  }

  /** One guest's I/O path with these settings' costs (each half of its model adds its own). */
  public IoPath ioPath(IoModel model, DmaPath dma, GrantTable grants) {
    return new IoPath(model, virt, costs, interrupts, dma, grants);
  }

  /** These settings on a host without an IOMMU: every DMA API's strategy is off. */
  public NetperfSettings withoutIommu() {
    return new NetperfSettings(
        test,
        messageBytes,
        responseBytes,
        receiveCallBytes,
        stopPs,
        warmupPs,
        tcp,
        udpBufferBytes,
        gro,
        checksumOffload,
        cores,
        rxRingFrames,
        coalesceFrames,
        coalescePs,
        itrPs,
        adaptiveItr,
        costs,
        virt,
        interrupts,
        DmaStrategy.OFF,
        dmaApi.withHostStrategy(DmaStrategy.OFF),
        iommuHardware,
        hostCores,
        seriesIntervalPs,
        vcpus,
        vmMemoryMiB,
        vmHostLatencyPs);
  }

  /** A fresh moderation state for one receive ring, as these settings configure the NIC. */
  public InterruptModeration moderation() {
    return new InterruptModeration(coalesceFrames, coalescePs, itrPs, AdaptiveItr.of(adaptiveItr));
  }

  /** Each VM's memory in 4 KiB pages; 0 for the size the DMA setup picks itself. */
  public long vmMemoryPages() {
    return vmMemoryMiB * PAGES_PER_MIB;
  }
}
