package io.vioemu.cli;

import static io.vioemu.cli.InProcessCli.vioemu;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vioemu.cli.InProcessCli.Output;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How {@code validate} treats an experiment's choice of calibration profile: a model that charges
 * costs needs one (or {@code profile: none}); a profile file of the user's own is validated like a
 * built-in one, its metadata included; a run asking for what the profile's platform did not have is
 * refused at the line that asks. Every refusal is exit code 2 and names file, line and column.
 */
class ProfileChoiceTest {
  @TempDir Path dir;

  private static final String STAR = "name: s\nmodel: netperf-star\nendUs: 10\n";

  private Path write(String name, String yaml) throws IOException {
    Path f = dir.resolve(name);
    Files.writeString(f, yaml);
    return f;
  }

  private static void assertRefused(Output o, String expected) {
    assertEquals(Main.EXIT_USAGE, o.code(), o.err());
    assertEquals(1, o.err().lines().count(), o.err());
    assertTrue(o.err().contains(expected), "expected '" + expected + "' in: " + o.err());
  }

  @Test
  void shouldRefuseAtTheModelLineWhenAModelThatChargesCostsHasNoProfile() throws IOException {
    Path f = write("e.yaml", STAR);
    assertRefused(
        vioemu("validate", f.toString()),
        f + ":2:8: field 'profile' is missing: model 'netperf-star' charges the CPU cost");
  }

  @Test
  void shouldAcceptAFileWithoutCostsWhenItSaysProfileNone() throws IOException {
    Output o = vioemu("validate", write("e.yaml", STAR + "profile: none\n").toString());
    assertEquals(0, o.code(), o.err());
    Output set = vioemu("validate", write("f.yaml", STAR).toString(), "--set", "profile=none");
    assertEquals(0, set.code(), set.err());
  }

  @Test
  void shouldNotAskForAProfileWhenTheModelChargesNoCosts() throws IOException {
    Output o = vioemu("validate", write("p.yaml", "name: p\nmodel: phold\nendUs: 5\n").toString());
    assertEquals(0, o.code(), o.err());
  }

  @Test
  void shouldRefuseAUsersProfileAtItsConstantWhenAConstantHasNoStatus() throws IOException {
    Path prof =
        write(
            "mine.yaml",
            "name: mine\ncosts:\n  clockHz: {value: 2_000_000_000, status: checked, source: x}\n"
                + "  vmExitCycles: {value: 1500, source: recalled}\n");
    Path f = write("e.yaml", STAR + "profile: mine.yaml\n");
    assertRefused(
        vioemu("validate", f.toString()),
        prof + ":4:17: field 'costs.vmExitCycles.status' is missing");
  }

  @Test
  void shouldRefuseSriovAtItsLineWhenTheProfilesPlatformHadNone() throws IOException {
    Path f = write("e.yaml", STAR + "profile: hosted-vmm-2001-100mbe\nvms: {ioModel: sriov}\n");
    assertRefused(
        vioemu("validate", f.toString()),
        f
            + ":5:16: field 'vms.ioModel': profile 'hosted-vmm-2001-100mbe' has no 'sriov': No"
            + " SR-IOV");
    Path emulated =
        write("ok.yaml", STAR + "profile: hosted-vmm-2001-100mbe\nvms: {ioModel: emulation}\n");
    Output ok = vioemu("validate", emulated.toString());
    assertEquals(0, ok.code(), ok.err());
  }

  @Test
  void shouldRefuseAnIommuStrategyWhenTheProfilesPlatformHadNoIommu() throws IOException {
    Path f = write("e.yaml", STAR + "profile: xen3-2006-1gbe\nparams: {io.iommu: strict}\n");
    assertRefused(
        vioemu("validate", f.toString()),
        ": field 'params.io.iommu': profile 'xen3-2006-1gbe' has no 'strict': No IOMMU");
  }

  @Test
  void shouldRefuseAMigrationWhenTheProfilesPlatformHadNoLiveMigration() throws IOException {
    Path f =
        write(
            "e.yaml",
            STAR
                + "profile: hosted-vmm-2001-100mbe\ntopology: {hosts: 3}\n"
                + "vms: {ioModel: emulation}\nworkload: {senders: 1}\n"
                + "schedule:\n  - {atUs: 5, migrate: {vm: 0, to: 2}}\n");
    assertRefused(
        vioemu("validate", f.toString()), "profile 'hosted-vmm-2001-100mbe' has no live migration");
  }
}
