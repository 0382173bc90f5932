package io.vioemu.results;

/** What produced a results directory: the vioemu build, as Maven wrote it into the jar manifest. */
public final class Versions {
  private Versions() {}

  /** The vioemu version, or {@code dev} when running from classes rather than the jar. */
  public static String vioemu() {
    String v = Versions.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }
}
