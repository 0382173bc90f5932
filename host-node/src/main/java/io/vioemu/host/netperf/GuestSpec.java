package io.vioemu.host.netperf;

import io.vioemu.host.virt.IoModel;
import java.util.List;

/**
 * One OS to run on a host: its MAC, how it reaches the NIC, and the netperf ends it runs.
 *
 * @param mac the guest's own address (a VF's MAC under SR-IOV)
 * @param io its I/O model; bare metal for a host's native OS
 * @param ends the flows it runs
 */
public record GuestSpec(long mac, IoModel io, List<FlowEnd> ends) {
  public GuestSpec {
    ends = List.copyOf(ends);
  }
}
