package io.vioemu.fabric.transport;

import io.aeron.Aeron;
import io.aeron.ChannelUri;
import io.aeron.Subscription;
import io.vioemu.proto.fabric.WindowBatch;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.agrona.CloseHelper;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.CompositeAgent;
import org.agrona.concurrent.IdleStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends and receives {@link WindowBatch}es between the partitions of a run over Aeron UDP (or IPC),
 * each frame under a MAC with the run's {@link FabricKey}.
 *
 * <p>The partition count is a constructor argument rather than a {@code connect} argument because
 * the receive side is live from construction (peers may start sending before we connect back) and
 * it needs the count to reject out-of-range {@code from_partition} values.
 *
 * <p>Threading: a partition's own thread both sends and receives: it calls {@link #poll} while it
 * waits at a window's barrier, and the listener runs inside that call, so no hand-off between
 * threads delays a batch. While a send is back-pressured it polls too, so two partitions that send
 * each other large batches never wait on each other. {@link #startReceiveThread} instead polls on a
 * thread of its own (for tools and tests that send from one thread and receive on another); {@code
 * onPeerLost} comes from the Aeron client's thread. Close the transport before the {@link
 * EmbeddedAeron} it runs on.
 */
public final class AeronFabricTransport implements AutoCloseable {

  public static final int STREAM_ID = 1001;
  public static final String DEFAULT_BIND_HOST = "127.0.0.1";

  /*
   * Shared memory between JVMs of one media driver: a batch goes from the sender's thread straight
   * into the log the receiver's thread polls, without the driver's threads in between. 8 MiB terms
   * (1 MiB messages; bigger batches are chunked) instead of the default 64 MiB per publication.
   */
  private static final String IPC_CHANNEL = "aeron:ipc?term-length=8m";

  private static final Logger LOG = LoggerFactory.getLogger(AeronFabricTransport.class);
  private static final long RESOLVE_PORT_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(5);
  private static final long AWAIT_POLL_MS = 1;

  private final EmbeddedAeron embedded;
  private final Aeron aeron;
  private final int selfPartition;
  private final int partitionCount;
  private final Subscription subscription;
  private final String endpoint;
  private static final Runnable NOTHING = () -> {};
  private final Runnable pollWhileBlocked = this::poll;
  private final ReceiveAgent receiver;
  private final Subscription ipcSubscription;
  private final ReceiveAgent ipcReceiver;
  private final String driverDirectory;
  private final FabricKey key;
  private AgentRunner receiveRunner;
  private volatile List<PeerPublication> peers = List.of();
  private boolean closed;

  public AeronFabricTransport(
      EmbeddedAeron aeron,
      int selfPartition,
      int partitionCount,
      FabricListener listener,
      FabricKey key) {
    this(aeron, selfPartition, partitionCount, listener, key, DEFAULT_BIND_HOST + ":0", 0);
  }

  /**
   * @param key the run's key: every frame sent carries a MAC under it, every frame received must
   * @param bindEndpoint "host:port" to receive on; port 0 lets the driver pick a free one
   * @param ipcStreamId if > 0, also receive on this Aeron IPC stream of the media driver, from
   *     partitions whose JVMs share it (unique among the streams of that driver); 0: UDP only
   */
  public AeronFabricTransport(
      EmbeddedAeron embedded,
      int selfPartition,
      int partitionCount,
      FabricListener listener,
      FabricKey key,
      String bindEndpoint,
      int ipcStreamId) {
    if (partitionCount < 1 || selfPartition < 0 || selfPartition >= partitionCount) {
      throw new IllegalArgumentException("partition " + selfPartition + " of " + partitionCount);
    }
    Objects.requireNonNull(listener, "listener");
    this.key = Objects.requireNonNull(key, "key");
    Reassembly reassembly = new Reassembly(partitionCount);
    this.embedded = embedded;
    this.aeron = embedded.aeron();
    this.selfPartition = selfPartition;
    this.partitionCount = partitionCount;
    String bindHost = bindEndpoint.substring(0, bindEndpoint.lastIndexOf(':'));
    this.subscription =
        aeron.addSubscription(
            udpChannel(bindEndpoint),
            STREAM_ID,
            image -> {},
            image -> listener.onPeerLost(image.sourceIdentity()));
    this.driverDirectory = embedded.driverDirectory();
    try {
      String udp = bindHost + ":" + resolvePort(subscription);
      this.receiver =
          new ReceiveAgent(
              subscription,
              udpChannel(udp),
              selfPartition,
              partitionCount,
              listener,
              key,
              reassembly);
      if (ipcStreamId > 0) {
        this.ipcSubscription = aeron.addSubscription(IPC_CHANNEL, ipcStreamId);
        this.ipcReceiver =
            new ReceiveAgent(
                ipcSubscription,
                IPC_CHANNEL,
                selfPartition,
                partitionCount,
                listener,
                key,
                reassembly);
        this.endpoint = new Endpoint(udp, driverDirectory, ipcStreamId).toString();
      } else {
        this.ipcSubscription = null;
        this.ipcReceiver = null;
        this.endpoint = udp;
      }
    } catch (RuntimeException e) {
      subscription.close();
      throw e;
    }
  }

  private static String udpChannel(String hostPort) {
    return "aeron:udp?endpoint=" + hostPort;
  }

  /* The driver binds asynchronously; the resolved endpoint is "host:port" once the socket exists. */
  private static String resolvePort(Subscription subscription) {
    long deadlineNs = System.nanoTime() + RESOLVE_PORT_TIMEOUT_NS;
    IdleStrategy idle = EmbeddedAeron.newIdleStrategy();
    while (true) {
      String resolvedChannel = subscription.tryResolveChannelEndpointPort();
      if (resolvedChannel != null) {
        String hostPort = ChannelUri.parse(resolvedChannel).get("endpoint");
        String port = hostPort.substring(hostPort.lastIndexOf(':') + 1);
        if (!port.equals("0")) {
          return port;
        }
      }
      if (System.nanoTime() > deadlineNs) {
        throw new FabricException(
            "subscription " + subscription.channel() + " did not bind within 5 s");
      }
      idle.idle();
    }
  }

  /**
   * Hands what has arrived to the listener, on the calling thread; returns the fragments read. Only
   * one thread may poll, and not once {@link #startReceiveThread} has been called.
   */
  public int poll() {
    int work = receiver.doWork();
    return ipcReceiver == null ? work : work + ipcReceiver.doWork();
  }

  /** Polls on a dedicated thread from now on, instead of the caller's {@link #poll}. */
  public synchronized void startReceiveThread() {
    if (receiveRunner != null || closed) {
      return;
    }
    receiveRunner =
        new AgentRunner(
            EmbeddedAeron.newIdleStrategy(),
            e -> LOG.error("receive agent of partition {} failed", selfPartition, e),
            null,
            new CompositeAgent(
                ipcReceiver == null ? List.of(receiver) : List.of(receiver, ipcReceiver)));
    AgentRunner.startOnThread(receiveRunner);
  }

  /**
   * Where peers should send to: "host:port", and for peers that share this JVM's media driver, its
   * directory and our IPC stream ("host:port|directory#stream").
   */
  public String endpoint() {
    return endpoint;
  }

  /**
   * Creates one publication per peer. {@code peerEndpoints.get(i)} is partition i's endpoint; the
   * entry at our own index is ignored, and so is an empty one (a partition reached another way, in
   * memory inside this JVM).
   */
  public synchronized void connect(List<String> peerEndpoints) {
    if (closed) {
      throw new IllegalStateException("transport closed");
    }
    if (peerEndpoints.size() != partitionCount) {
      throw new IllegalArgumentException(
          peerEndpoints.size() + " endpoints for " + partitionCount + " partitions");
    }
    List<PeerPublication> links = new ArrayList<>(partitionCount);
    for (int peer = 0; peer < partitionCount; peer++) {
      String peerEndpoint = peerEndpoints.get(peer);
      links.add(
          peer == selfPartition || peerEndpoint.isEmpty()
              ? null
              : publicationTo(peer, Endpoint.parse(peerEndpoint)));
    }
    CloseHelper.closeAll(peers.stream().filter(Objects::nonNull).toList());
    peers = Collections.unmodifiableList(links);
  }

  /** Over IPC when the peer shares our media driver and listens on IPC, over UDP otherwise. */
  private PeerPublication publicationTo(int peer, Endpoint to) {
    if (ipcSubscription != null && to.ipcStreamId() > 0 && driverDirectory.equals(to.driver())) {
      return new PeerPublication(
          peer,
          "IPC stream " + to.ipcStreamId(),
          aeron.addExclusivePublication(IPC_CHANNEL, to.ipcStreamId()),
          NOTHING,
          key);
    }
    PeerPublication udp =
        new PeerPublication(
            peer,
            to.udp(),
            aeron.addExclusivePublication(udpChannel(to.udp()), STREAM_ID),
            embedded::udpRouteClosed,
            key);
    embedded.udpRouteOpened();
    return udp;
  }

  /**
   * Blocks until every peer has a connected subscriber, or throws naming the first that has not.
   */
  public void awaitConnected(Duration timeout) {
    long deadlineNs = System.nanoTime() + timeout.toNanos();
    for (PeerPublication link : peers) {
      while (link != null && !link.isConnected()) {
        if (System.nanoTime() > deadlineNs) {
          throw new FabricException(
              "partition "
                  + selfPartition
                  + " could not connect to "
                  + link.describe()
                  + " within "
                  + timeout.toMillis()
                  + " ms");
        }
        sleepMs(AWAIT_POLL_MS);
      }
    }
  }

  /**
   * Sends a whole batch, chunked as needed; blocks through back pressure. The batch's
   * from_partition must be ours: receivers key reassembly on it.
   */
  public void send(int peerPartition, WindowBatch batch) {
    if (batch.getFromPartition() != selfPartition) {
      throw new IllegalArgumentException(
          "batch from_partition "
              + batch.getFromPartition()
              + " sent by partition "
              + selfPartition);
    }
    link(peerPartition).send(batch, receiveRunner == null ? pollWhileBlocked : NOTHING);
  }

  /** Bytes offered to every peer so far (frame headers included). */
  public long bytesSent() {
    long bytes = 0;
    for (PeerPublication p : peers) {
      bytes += p == null ? 0 : p.bytesSent();
    }
    return bytes;
  }

  /** How this transport reaches {@code peerPartition}: "peer N at ENDPOINT" (for messages). */
  public String describePeer(int peerPartition) {
    return link(peerPartition).describe();
  }

  /** Largest protobuf body one message to this peer can carry; bigger batches are chunked. */
  int maxBodyBytes(int peerPartition) {
    return link(peerPartition).maxBodyBytes();
  }

  private PeerPublication link(int peerPartition) {
    List<PeerPublication> links = peers;
    PeerPublication link =
        peerPartition >= 0 && peerPartition < links.size() ? links.get(peerPartition) : null;
    if (link == null) {
      throw new IllegalArgumentException(
          "no peer "
              + peerPartition
              + " (self "
              + selfPartition
              + ", connected to "
              + links.size()
              + " partitions)");
    }
    return link;
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    // Stop polling first so the listener is never called with a closing subscription.
    CloseHelper.quietClose(receiveRunner);
    CloseHelper.quietCloseAll(peers.stream().filter(Objects::nonNull).toList());
    peers = List.of();
    CloseHelper.quietClose(subscription);
    CloseHelper.quietClose(ipcSubscription);
  }

  private static void sleepMs(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FabricException("interrupted while awaiting connection", e);
    }
  }
}
