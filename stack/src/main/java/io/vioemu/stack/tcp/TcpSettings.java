package io.vioemu.stack.tcp;

/**
 * A connection's configuration, validated once. Defaults follow Linux (see {@link #linux}).
 *
 * @param mtuBytes the path MTU; the MSS follows from it and the options
 * @param timestamps RFC 7323 timestamps: 12 option bytes per segment, RTT measured on every ACK
 * @param sack selective acknowledgments (RFC 2018, negotiated by both ends: both ends share these
 *     settings): a receiver holding out-of-order data reports it in SACK blocks on every ACK, a
 *     sender repairs several holes per round trip (RFC 6675 loss recovery); off: NewReno (RFC 6582)
 * @param noDelay TCP_NODELAY: no Nagle algorithm
 * @param delayedAck ACK every second full segment, or when {@code delayedAckPs} expires
 * @param delayedAckPs delayed-ACK timeout
 * @param initialCwndSegments initial window, RFC 6928
 * @param sendBufferBytes socket send buffer: data written but not yet acknowledged
 * @param receiveBufferBytes socket receive buffer: the largest window advertised
 * @param minRtoPs lower bound of the retransmission timeout
 * @param initialRtoPs RTO before the first RTT sample, RFC 6298
 * @param maxRtoPs upper bound of the backed-off RTO
 * @param tsoMaxBytes largest TSO super-segment, 0 = no TSO (segments are one MSS)
 * @param queueLimitBytes TCP small queues: bytes a connection may have queued below it
 * @param congestion {@code newreno} or {@code cubic}
 * @param dupThresh duplicate ACKs (with SACK: SACKed segments above a hole) that mark a segment
 *     lost and start fast recovery (RFC 5681 and RFC 6675 DupThresh; Linux's tcp_reordering)
 */
public record TcpSettings(
    int mtuBytes,
    boolean timestamps,
    boolean sack,
    boolean noDelay,
    boolean delayedAck,
    long delayedAckPs,
    int initialCwndSegments,
    long sendBufferBytes,
    long receiveBufferBytes,
    long minRtoPs,
    long initialRtoPs,
    long maxRtoPs,
    int tsoMaxBytes,
    long queueLimitBytes,
    String congestion,
    int dupThresh) {

  /** RFC 5681's and RFC 6675's DupThresh, Linux's initial tcp_reordering. */
  public static final int DEFAULT_DUP_THRESH = 3;

  public TcpSettings {
    require(mtuBytes >= 576 && mtuBytes <= 9000, "mtuBytes must be 576..9000, was " + mtuBytes);
    require(delayedAckPs > 0, "delayedAckPs must be > 0");
    require(initialCwndSegments >= 1, "initialCwndSegments must be >= 1");
    require(
        minRtoPs > 0 && initialRtoPs >= minRtoPs && maxRtoPs >= initialRtoPs,
        "RTO bounds must satisfy 0 < minRtoPs <= initialRtoPs <= maxRtoPs");
    require(tsoMaxBytes == 0 || tsoMaxBytes >= mtuBytes, "tsoMaxBytes must be 0 or >= the MTU");
    require(queueLimitBytes >= mtuBytes, "queueLimitBytes must be >= the MTU");
    require(
        congestion.equals("newreno") || congestion.equals("cubic"),
        "congestion must be 'newreno' or 'cubic', was '" + congestion + "'");
    require(dupThresh >= 1, "dupThresh must be >= 1, was " + dupThresh);
    require(
        sendBufferBytes >= 2L * mtuBytes && receiveBufferBytes >= 2L * mtuBytes,
        "socket buffers must hold at least two segments");
  }

  /** These settings with another DupThresh. */
  public TcpSettings withDupThresh(int n) {
    return with(sack, n);
  }

  /** These settings with SACK on or off. */
  public TcpSettings withSack(boolean on) {
    return with(on, dupThresh);
  }

  /**
   * These settings for a bulk stream whose sender waits for its last bytes to be acknowledged:
   * Nagle off (TCP_NODELAY) and every segment acknowledged at once (TCP_QUICKACK), so that the end
   * of a burst does not wait out the delayed-ACK timer.
   */
  public TcpSettings forBulkTransfer() {
    return with(sack, dupThresh, true, false);
  }

  private TcpSettings with(boolean sackOn, int dupThreshold) {
    return with(sackOn, dupThreshold, noDelay, delayedAck);
  }

  private TcpSettings with(boolean sackOn, int dupThreshold, boolean nagleOff, boolean delayAcks) {
    return new TcpSettings(
        mtuBytes,
        timestamps,
        sackOn,
        nagleOff,
        delayAcks,
        delayedAckPs,
        initialCwndSegments,
        sendBufferBytes,
        receiveBufferBytes,
        minRtoPs,
        initialRtoPs,
        maxRtoPs,
        tsoMaxBytes,
        queueLimitBytes,
        congestion,
        dupThreshold);
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }

  /**
   * Linux defaults: timestamps on, SACK on (net.ipv4.tcp_sack = 1), Nagle on, delayed ACKs with a
   * 40 ms timeout (TCP_ATO_MIN), initial window 10, 4 MB buffers (tcp_wmem/tcp_rmem maxima after
   * autotuning are 4 MB and 6 MB), minimum RTO 200 ms, initial RTO 1 s, maximum 120 s, TSO off, TSQ
   * 256 KB, CUBIC, DupThresh 3.
   */
  public static TcpSettings linux(int mtuBytes) {
    return new TcpSettings(
        mtuBytes,
        true,
        true,
        false,
        true,
        40_000_000_000L,
        10,
        4L << 20,
        6L << 20,
        200_000_000_000L,
        1_000_000_000_000L,
        120_000_000_000_000L,
        0,
        256L << 10,
        "cubic",
        DEFAULT_DUP_THRESH);
  }

  /** Headers of every segment: IP, TCP, and the timestamps option if on. */
  public int headerBytes() {
    return Segment.IP_HEADER_BYTES
        + Segment.TCP_HEADER_BYTES
        + (timestamps ? Segment.TIMESTAMP_OPTION_BYTES : 0);
  }

  /** SACK blocks that fit the 40 option bytes: 3 beside the timestamps option, else 4. */
  public int maxSackBlocks() {
    return timestamps ? 3 : Segment.MAX_SACK_BLOCKS;
  }

  /** Data bytes per full segment: 1448 with timestamps at MTU 1500, 1460 without. */
  public int mssBytes() {
    return mtuBytes - headerBytes();
  }

  public CongestionControl newCongestionControl() {
    return congestion.equals("cubic") ? new Cubic(mssBytes()) : new NewReno(mssBytes());
  }
}
