package io.vioemu.fabric.transport;

/**
 * Where a partition receives window batches: a UDP "host:port", and optionally the media driver it
 * uses and its IPC stream there, written "host:port|driverDirectory#stream".
 *
 * @param udp "host:port"
 * @param driver the media driver's directory, empty without IPC
 * @param ipcStreamId the IPC stream, 0 without IPC
 */
record Endpoint(String udp, String driver, int ipcStreamId) {

  static Endpoint parse(String text) {
    int bar = text.indexOf('|');
    if (bar < 0) {
      return new Endpoint(text, "", 0);
    }
    int hash = text.lastIndexOf('#');
    if (hash < bar) {
      throw new IllegalArgumentException("endpoint '" + text + "' has no IPC stream after '#'");
    }
    try {
      return new Endpoint(
          text.substring(0, bar),
          text.substring(bar + 1, hash),
          Integer.parseInt(text.substring(hash + 1)));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("endpoint '" + text + "' has a bad IPC stream id");
    }
  }

  @Override
  public String toString() {
    return ipcStreamId == 0 ? udp : udp + "|" + driver + "#" + ipcStreamId;
  }
}
