package io.vioemu.host.netperf;

import java.util.Arrays;
import java.util.List;

/** The netperf tests, named as netperf names them. */
public enum NetperfTest {
  /** The client streams messages to the server. */
  TCP_STREAM(true, false, false),
  /** The server streams to the client ("STREAM" reversed). */
  TCP_MAERTS(true, false, true),
  /** One request, one response, one transaction outstanding. */
  TCP_RR(true, true, false),
  UDP_STREAM(false, false, false),
  UDP_RR(false, true, false);

  private final boolean tcp;
  private final boolean requestResponse;
  private final boolean serverSends;

  NetperfTest(boolean tcp, boolean requestResponse, boolean serverSends) {
    this.tcp = tcp;
    this.requestResponse = requestResponse;
    this.serverSends = serverSends;
  }

  public boolean tcp() {
    return tcp;
  }

  public boolean requestResponse() {
    return requestResponse;
  }

  /** For stream tests: true if data flows from the server (netserver) to the client. */
  public boolean serverSends() {
    return serverSends;
  }

  /** Every test's name, in declaration order (a parameter's choices). */
  public static List<String> names() {
    return Arrays.stream(values()).map(NetperfTest::name).toList();
  }
}
