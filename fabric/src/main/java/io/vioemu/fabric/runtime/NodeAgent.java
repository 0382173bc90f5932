package io.vioemu.fabric.runtime;

import io.vioemu.fabric.kernel.Mix;
import io.vioemu.fabric.kernel.Model;
import io.vioemu.fabric.kernel.ModelRegistry;
import io.vioemu.fabric.kernel.PartitionGroup;
import io.vioemu.fabric.kernel.PartitionRunner;
import io.vioemu.fabric.kernel.PeerLink;
import io.vioemu.fabric.kernel.Placement;
import io.vioemu.fabric.kernel.PlacementStrategy;
import io.vioemu.fabric.transport.AeronFabricTransport;
import io.vioemu.fabric.transport.EmbeddedAeron;
import io.vioemu.fabric.transport.FabricKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;

/**
 * One per JVM: hosts the partitions of a run that the runner assigns to this node, each on a thread
 * of its own (in-memory batches between them), owns their Aeron links to the other nodes, and
 * relays their outcomes to the runner.
 */
public final class NodeAgent extends AbstractBehavior<NodeAgent.Command> {

  /** How the runner finds every node agent of the cluster. */
  public static final ServiceKey<Command> KEY =
      ServiceKey.create(Command.class, "vioemu-node-agent");

  /** The agent's protocol. */
  public sealed interface Command {}

  /**
   * Run partitions {@code partition .. partition + count - 1} of {@code partitions}, each on {@code
   * workers} threads; {@code fabricKey} (fresh per run) is the key of the MAC on every batch the
   * run's partitions exchange over Aeron, null if the runner sent none that is valid.
   */
  public record StartPartition(
      String runId,
      int partition,
      int count,
      int partitions,
      String model,
      Map<String, String> params,
      long seed,
      long endPs,
      String placement,
      int workers,
      FabricKey fabricKey,
      ActorRef<RunCoordinator.Command> coordinator)
      implements Command, ControlMessage {}

  public record ConnectPeers(String runId, List<String> endpoints)
      implements Command, ControlMessage {}

  public record BeginRun(String runId) implements Command, ControlMessage {}

  public record EndRun(String runId) implements Command, ControlMessage {}

  public record Shutdown(String reason) implements Command, ControlMessage {}

  private record Reported(String runId, PartitionRunner.Finished finished, Failure failure)
      implements Command {}

  private record Failure(int partition, String reason) {}

  private record PeersConnected(String runId, Throwable failure) implements Command {}

  /** The run's coordinator stopped: its run is over, or its runner left, was downed or died. */
  private record CoordinatorGone(String runId) implements Command {}

  /** Time to check that the local partitions' windows still advance. */
  private enum Tick implements Command {
    INSTANCE
  }

  /** How often the watchdog looks at the local partitions. */
  private static final Duration TICK = Duration.ofSeconds(1);

  /** The watchdog allows this many times the slowest window seen, if more than the floor. */
  static final int STALL_FACTOR = 10;

  private final Supplier<EmbeddedAeron> aeron;
  private final String aeronEndpoint;
  private final Duration connectTimeout;
  private final LongConsumer safeTimePs;
  private final ModelRegistry models = ModelRegistry.load();

  private final BarrierIdle idle;
  private final Duration stallTimeout;

  /**
   * When each local partition last completed a window (nanoTime); {@link #DONE} once it reported.
   */
  private AtomicLongArray lastWindowNanos = new AtomicLongArray(0);

  private final AtomicLong slowestWindowNanos = new AtomicLong();
  private boolean begun;
  private static final long DONE = Long.MAX_VALUE;
  private final WarmUp warmUp;

  private String runId;
  private int firstPartition;
  private int[] local = new int[0];
  private ActorRef<RunCoordinator.Command> coordinator;
  private PartitionGroup group;
  private final List<AeronFabricTransport> transports = new ArrayList<>();
  /* Each local partition's inbox (by k), null for a partition with no peers in other JVMs. */
  private AeronPeerLink.Inbox[] inboxes = new AeronPeerLink.Inbox[0];
  /* The media driver's count of non-Aeron datagrams when the run's transports opened. */
  private long invalidPacketsAtStart;

  private NodeAgent(
      ActorContext<Command> ctx,
      TimerScheduler<Command> timers,
      Supplier<EmbeddedAeron> aeron,
      String aeronEndpoint,
      Duration connectTimeout,
      BarrierIdle idle,
      Duration stallTimeout,
      WarmUp warmUp,
      LongConsumer safeTimePs) {
    super(ctx);
    this.idle = idle;
    this.stallTimeout = stallTimeout;
    this.warmUp = warmUp;
    timers.startTimerWithFixedDelay(Tick.INSTANCE, TICK);
    this.aeron = aeron;
    this.aeronEndpoint = aeronEndpoint;
    this.connectTimeout = connectTimeout;
    this.safeTimePs = safeTimePs;
    ctx.getSystem().receptionist().tell(Receptionist.register(KEY, ctx.getSelf()));
  }

  /**
   * @param aeron the JVM's media driver, started on first need
   * @param aeronEndpoint "host:port" where this node's partitions receive fabric batches
   * @param connectTimeout how long to wait for publications to every peer
   * @param idle how partitions wait at their barriers
   * @param stallTimeout the watchdog's floor: a run whose local windows stop advancing for this
   *     long (or {@value #STALL_FACTOR} times its slowest window, if more) fails
   * @param warmUp how long each partition warms up its model's code before a run
   */
  public static Behavior<Command> create(
      Supplier<EmbeddedAeron> aeron,
      String aeronEndpoint,
      Duration connectTimeout,
      BarrierIdle idle,
      Duration stallTimeout,
      WarmUp warmUp,
      LongConsumer safeTimePs) {
    return Behaviors.withTimers(
        timers ->
            Behaviors.setup(
                ctx ->
                    new NodeAgent(
                        ctx,
                        timers,
                        aeron,
                        aeronEndpoint,
                        connectTimeout,
                        idle,
                        stallTimeout,
                        warmUp,
                        safeTimePs)));
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(StartPartition.class, this::onStartPartition)
        .onMessage(ConnectPeers.class, this::onConnectPeers)
        .onMessage(PeersConnected.class, this::onPeersConnected)
        .onMessage(BeginRun.class, this::onBeginRun)
        .onMessage(Reported.class, this::onReported)
        .onMessage(EndRun.class, this::onEndRun)
        .onMessage(Shutdown.class, this::onShutdown)
        .onMessage(CoordinatorGone.class, this::onCoordinatorGone)
        .onMessage(Tick.class, m -> checkWindowsAdvance())
        .build();
  }

  private Behavior<Command> onStartPartition(StartPartition msg) {
    releaseRun();
    runId = msg.runId();
    firstPartition = msg.partition();
    coordinator = msg.coordinator();
    // A runner that is downed, leaves or dies takes its run with it: the partitions must not wait.
    getContext().watchWith(coordinator, new CoordinatorGone(msg.runId()));
    safeTimePs.accept(0);
    Model model;
    Placement placement;
    FabricKey key = msg.fabricKey();
    if (key == null) {
      return failRun("the runner sent no valid fabric key (a vioemu older than this node?)");
    }
    try {
      model = models.create(msg.model(), msg.params());
      placement =
          Placement.of(model, msg.partitions(), PlacementStrategy.fromConfigName(msg.placement()));
    } catch (IllegalArgumentException e) {
      return failRun(e.getMessage());
    }
    local = new int[msg.count()];
    for (int k = 0; k < local.length; k++) {
      local[k] = msg.partition() + k;
    }
    PeerLink[] remote = new PeerLink[msg.partitions()];
    Arrays.fill(remote, PeerLink.NONE);
    String[] bound = new String[local.length];
    Arrays.fill(bound, "");
    inboxes = new AeronPeerLink.Inbox[local.length];
    if (msg.partitions() > local.length) {
      try {
        invalidPacketsAtStart = aeron.get().invalidPackets();
        for (int k = 0; k < local.length; k++) {
          AeronPeerLink.Inbox inbox = AeronPeerLink.inbox(model.payloadCodec());
          inboxes[k] = inbox;
          AeronFabricTransport t =
              new AeronFabricTransport(
                  aeron.get(),
                  local[k],
                  msg.partitions(),
                  inbox,
                  key,
                  endpointFor(k),
                  ipcStreamFor(msg.runId(), local[k]));
          transports.add(t);
          remote[local[k]] = AeronPeerLink.over(inbox, t, local[k]);
          bound[k] = t.endpoint();
        }
      } catch (RuntimeException e) {
        return failRun("cannot open the Aeron fabric at " + aeronEndpoint + ": " + e.getMessage());
      }
    }
    ActorRef<Command> self = getContext().getSelf();
    group =
        new PartitionGroup(
            local,
            placement,
            model,
            msg.seed(),
            msg.endPs(),
            p -> remote[p],
            msg.workers(),
            () -> idle.newStrategy(local.length * msg.workers()),
            this::windowClock,
            new PartitionRunner.Outcome() {
              @Override
              public void finished(PartitionRunner.Finished result) {
                self.tell(new Reported(msg.runId(), result, null));
              }

              @Override
              public void failed(int partition, String reason) {
                self.tell(new Reported(msg.runId(), null, new Failure(partition, reason)));
              }
            },
            warmUp.nanosFor(placement.partitions()));
    for (int k = 0; k < local.length; k++) {
      coordinator.tell(new RunCoordinator.PartitionBound(runId, local[k], bound[k]));
    }
    return this;
  }

  /**
   * The IPC stream partition {@code p} of run {@code runId} receives on, should its peers share its
   * media driver: the same on every node, distinct between runs and partitions (but for a 2^-30
   * chance), and clear of the UDP stream's id.
   */
  static int ipcStreamFor(String runId, int p) {
    long mixed = Mix.mix64(((long) runId.hashCode() << 32) ^ p);
    return (int) (mixed & 0x3fff_ffffL) + 1_000_000;
  }

  /** The k-th local partition's UDP endpoint: the node's Aeron port and the ports above it. */
  private String endpointFor(int k) {
    int colon = aeronEndpoint.lastIndexOf(':');
    int port = Integer.parseInt(aeronEndpoint.substring(colon + 1));
    return aeronEndpoint.substring(0, colon) + ":" + (port == 0 ? 0 : port + k);
  }

  private Behavior<Command> onConnectPeers(ConnectPeers msg) {
    if (!msg.runId().equals(runId)) {
      return this;
    }
    if (transports.isEmpty()) {
      return allReady();
    }
    List<String> endpoints = new ArrayList<>(msg.endpoints());
    for (int p : local) {
      endpoints.set(p, ""); // reached in memory
    }
    List<AeronFabricTransport> ts = List.copyOf(transports);
    String id = runId;
    CompletableFuture<Void> connected =
        CompletableFuture.runAsync(
            () -> {
              for (AeronFabricTransport t : ts) {
                t.connect(endpoints);
              }
              for (AeronFabricTransport t : ts) {
                t.awaitConnected(connectTimeout);
              }
            });
    getContext().pipeToSelf(connected, (ok, failure) -> new PeersConnected(id, failure));
    return this;
  }

  private Behavior<Command> onPeersConnected(PeersConnected msg) {
    if (!msg.runId().equals(runId)) {
      return this;
    }
    if (msg.failure() != null) {
      Throwable cause = msg.failure().getCause() != null ? msg.failure().getCause() : msg.failure();
      return failRun(cause.getMessage());
    }
    return allReady();
  }

  private Behavior<Command> allReady() {
    for (int p : local) {
      coordinator.tell(new RunCoordinator.PartitionReady(runId, p));
    }
    return this;
  }

  private Behavior<Command> onBeginRun(BeginRun msg) {
    if (msg.runId().equals(runId) && group != null) {
      long now = System.nanoTime();
      lastWindowNanos = new AtomicLongArray(local.length);
      for (int k = 0; k < local.length; k++) {
        lastWindowNanos.set(k, now);
      }
      slowestWindowNanos.set(0);
      begun = true;
      group.start();
    }
    return this;
  }

  /**
   * What partition {@code p} calls at the end of each window: the progress display's safe time, and
   * the watchdog's clock (read from partition threads, hence the atomics).
   */
  private LongConsumer windowClock(int p) {
    int k = p - firstPartition;
    return t -> {
      AtomicLongArray last = lastWindowNanos;
      if (k < last.length()) {
        long now = System.nanoTime();
        long before = last.getAndSet(k, now);
        if (before != DONE) {
          slowestWindowNanos.accumulateAndGet(now - before, Math::max);
        }
      }
      safeTimePs.accept(t);
    };
  }

  /**
   * The watchdog: a local partition that completed no window for longer than the limit fails the
   * run, naming it and the time it reached; its peers stopped sending (or it hangs).
   */
  private Behavior<Command> checkWindowsAdvance() {
    if (!begun || group == null) {
      return this;
    }
    long limitNanos =
        Math.max(stallTimeout.toNanos(), STALL_FACTOR * Math.max(0, slowestWindowNanos.get()));
    long now = System.nanoTime();
    for (int k = 0; k < local.length && k < lastWindowNanos.length(); k++) {
      long last = lastWindowNanos.get(k);
      if (last != DONE && now - last > limitNanos) {
        String reason =
            "no window completed for "
                + TimeUnit.NANOSECONDS.toSeconds(now - last)
                + " s (limit "
                + TimeUnit.NANOSECONDS.toSeconds(limitNanos)
                + " s: vioemu.runtime.window-stall-timeout, or "
                + STALL_FACTOR
                + "x the slowest window); a partition it waits for stopped reporting";
        getContext().getLog().warn("run {}: partition {}: {}", runId, local[k], reason);
        coordinator.tell(new RunCoordinator.PartitionFailed(runId, local[k], reason));
        releaseRun();
        return this;
      }
    }
    return this;
  }

  private Behavior<Command> onCoordinatorGone(CoordinatorGone msg) {
    if (msg.runId().equals(runId) && group != null) {
      getContext()
          .getLog()
          .warn(
              "run {}: its runner is gone; releasing partitions {}", runId, Arrays.toString(local));
      releaseRun();
    }
    return this;
  }

  private Behavior<Command> onReported(Reported msg) {
    if (!msg.runId().equals(runId)) {
      return this;
    }
    if (msg.finished() != null) {
      PartitionRunner.Finished f = msg.finished();
      int k = f.partition() - firstPartition;
      if (k >= 0 && k < lastWindowNanos.length()) {
        lastWindowNanos.set(k, DONE);
      }
      AeronPeerLink.Inbox inbox = k >= 0 && k < inboxes.length ? inboxes[k] : null;
      coordinator.tell(
          new RunCoordinator.PartitionResult(
              runId,
              f.partition(),
              f.events(),
              f.windows(),
              f.entityIds(),
              f.entityHashes(),
              f.entityMetrics(),
              ExchangeFigures.of(
                  f.exchange(),
                  inbox == null ? RejectedDatagrams.NONE : inbox.rejected(notAeron(k)))));
    } else {
      coordinator.tell(
          new RunCoordinator.PartitionFailed(
              runId, msg.failure().partition(), msg.failure().reason()));
    }
    return this;
  }

  /**
   * The driver's non-Aeron datagrams since the run's transports opened, in the first local
   * partition's report only (one driver per node; 0 on a node that uses another JVM's driver).
   */
  private long notAeron(int k) {
    return k == 0 ? aeron.get().invalidPackets() - invalidPacketsAtStart : 0;
  }

  private Behavior<Command> onEndRun(EndRun msg) {
    if (msg.runId().equals(runId)) {
      releaseRun();
    }
    return this;
  }

  private Behavior<Command> onShutdown(Shutdown msg) {
    releaseRun();
    getContext().getSystem().terminate();
    return Behaviors.stopped();
  }

  private Behavior<Command> failRun(String reason) {
    coordinator.tell(new RunCoordinator.PartitionFailed(runId, firstPartition, reason));
    return this;
  }

  private void releaseRun() {
    begun = false;
    if (group != null) {
      group.close();
      group = null;
    }
    transports.forEach(AeronFabricTransport::close);
    transports.clear();
  }
}
