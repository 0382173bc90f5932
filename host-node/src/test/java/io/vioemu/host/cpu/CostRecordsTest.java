package io.vioemu.host.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vioemu.host.net.HostCosts;
import io.vioemu.host.virt.VirtCosts;
import org.junit.jupiter.api.Test;

class CostRecordsTest {
  @Test
  void shouldNameTheNegativeCostWhenARecordIsBuiltWithOne() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new HostCosts(2_000_000_000L, 0, 0, 0, -5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0));
    assertEquals("rxStackCyclesPerFrame must be >= 0, was -5", e.getMessage());
    IllegalArgumentException v =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new VirtCosts(
                    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1, 0, 0, 0, 0, 0, 0, 0));
    assertEquals("iommuWalkReadPs must be >= 0, was -1", v.getMessage());
  }

  @Test
  void shouldReadEveryComponentByItsNameWhenBuildingFromParameters() {
    VirtCosts v = CostRecords.read(VirtCosts.class, name -> name.length());
    assertEquals("vmExitCycles".length(), v.vmExitCycles());
    assertEquals("iommuWalkReadPs".length(), v.iommuWalkReadPs());
    assertTrue(CostRecords.paramNames(VirtCosts.class).contains("cost.vhostKickCycles"));
    assertEquals(24, CostRecords.paramNames(VirtCosts.class).size());
  }
}
