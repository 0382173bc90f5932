package io.vioemu.host.cpu;

/** The software components whose CPU time is accounted separately. */
public enum Component {
  APPLICATION,
  SOCKET,
  STACK,
  DRIVER,
  INTERRUPT;

  /** The metric-name form, e.g. {@code socket}. */
  public String metricName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
