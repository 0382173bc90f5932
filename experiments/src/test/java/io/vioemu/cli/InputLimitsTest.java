package io.vioemu.cli;

import static io.vioemu.cli.InProcessCli.vioemu;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vioemu.cli.InProcessCli.Output;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 18, failure 6: every file the CLI reads is a regular file of bounded size, not quoted. */
class InputLimitsTest {
  private static final Duration QUICK = Duration.ofSeconds(20);
  private static final String SECRET = "root:$6$s3cr3tHASH:19000:0:99999:7:::";

  @TempDir Path dir;

  private static Output quickly(String... args) {
    return assertTimeoutPreemptively(QUICK, () -> vioemu(args));
  }

  private static void assertRefused(Output o, String expected) {
    assertEquals(2, o.code(), o.err());
    assertEquals(1, o.errLines().size(), o.err());
    assertTrue(o.err().contains(expected), "expected '" + expected + "' in " + o.err());
  }

  @Test
  void shouldRefuseADeviceWithoutReadingItWhenValidated() {
    assertRefused(quickly("validate", "/dev/zero"), "/dev/zero:1:1: not a regular file");
  }

  @Test
  void shouldRefuseAFifoWithoutBlockingWhenValidated() throws Exception {
    Path fifo = dir.resolve("pipe.yaml");
    Process p = new ProcessBuilder("mkfifo", fifo.toString()).start();
    assertEquals(0, p.waitFor());
    assertRefused(quickly("validate", fifo.toString()), fifo + ":1:1: not a regular file");
  }

  @Test
  void shouldRefuseAFileLargerThanTheLimitWhenValidated() throws IOException {
    Path big = dir.resolve("big.yaml");
    Files.write(big, new byte[(4 << 20) + 1]);
    assertRefused(quickly("validate", big.toString()), big + ":1:1: larger than 4194304 bytes");
  }

  @Test
  void shouldRefuseADeviceOrANonYamlFileWhenNamedAsTheProfile() throws IOException {
    Path secret = Files.writeString(dir.resolve("shadow"), SECRET + "\n");
    for (String profile : new String[] {"/dev/zero", secret.toString()}) {
      Path f =
          Files.writeString(
              dir.resolve("e.yaml"),
              "name: e\nmodel: netperf-star\nendUs: 10\nprofile: " + profile + "\n");
      Output o = quickly("validate", f.toString());
      assertRefused(o, f + ":4:10: field 'profile': a profile file's name ends in .yaml");
      assertFalse(o.err().contains("s3cr3t"), o.err());
    }
  }

  @Test
  void shouldQuoteNothingOfTheFileWhenANonYamlFileIsValidated() throws IOException {
    Path secret = Files.writeString(dir.resolve("shadow"), SECRET + "\ndaemon:*:1:0\n");
    Output o = quickly("validate", secret.toString());
    assertRefused(o, ": not an experiment file");
    assertTrue(o.err().startsWith("vioemu: error: " + secret + ":"), o.err());
    assertFalse(o.err().contains("s3cr3t"), o.err());
    assertFalse(o.err().contains("root"), o.err());
  }
}
