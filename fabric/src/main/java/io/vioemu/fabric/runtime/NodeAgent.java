package io.vioemu.fabric.runtime;

import io.vioemu.fabric.kernel.Model;
import io.vioemu.fabric.kernel.ModelRegistry;
import io.vioemu.fabric.kernel.PartitionActor;
import io.vioemu.fabric.kernel.PeerLink;
import io.vioemu.fabric.kernel.Placement;
import io.vioemu.fabric.kernel.PlacementStrategy;
import io.vioemu.fabric.transport.AeronFabricTransport;
import io.vioemu.fabric.transport.EmbeddedAeron;
import io.vioemu.fabric.transport.FabricListener;
import io.vioemu.proto.fabric.WindowBatch;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;

/**
 * One per JVM: hosts the partition of a run that the runner assigns to this node, owns its Aeron
 * link, and relays the partition's outcome to the runner.
 */
public final class NodeAgent extends AbstractBehavior<NodeAgent.Command> {

  /** How the runner finds every node agent of the cluster. */
  public static final ServiceKey<Command> KEY =
      ServiceKey.create(Command.class, "vioemu-node-agent");

  /** The agent's protocol. */
  public sealed interface Command {}

  public record StartPartition(
      String runId,
      int partition,
      int partitions,
      String model,
      Map<String, String> params,
      long seed,
      long endPs,
      String placement,
      ActorRef<RunCoordinator.Command> coordinator)
      implements Command, ControlMessage {}

  public record ConnectPeers(String runId, List<String> endpoints)
      implements Command, ControlMessage {}

  public record BeginRun(String runId) implements Command, ControlMessage {}

  public record EndRun(String runId) implements Command, ControlMessage {}

  public record Shutdown(String reason) implements Command, ControlMessage {}

  private record Reported(PartitionActor.Report report) implements Command {}

  private record PeersConnected(String runId, Throwable failure) implements Command {}

  private final Supplier<EmbeddedAeron> aeron;
  private final String aeronEndpoint;
  private final Duration connectTimeout;
  private final LongConsumer safeTimePs;
  private final ModelRegistry models = ModelRegistry.load();

  private String runId;
  private int partition;
  private ActorRef<RunCoordinator.Command> coordinator;
  private ActorRef<PartitionActor.Command> partitionActor;
  private AeronFabricTransport transport;

  private NodeAgent(
      ActorContext<Command> ctx,
      Supplier<EmbeddedAeron> aeron,
      String aeronEndpoint,
      Duration connectTimeout,
      LongConsumer safeTimePs) {
    super(ctx);
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
   */
  public static Behavior<Command> create(
      Supplier<EmbeddedAeron> aeron,
      String aeronEndpoint,
      Duration connectTimeout,
      LongConsumer safeTimePs) {
    return Behaviors.setup(
        ctx -> new NodeAgent(ctx, aeron, aeronEndpoint, connectTimeout, safeTimePs));
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
        .build();
  }

  private Behavior<Command> onStartPartition(StartPartition msg) {
    releaseRun();
    runId = msg.runId();
    partition = msg.partition();
    coordinator = msg.coordinator();
    safeTimePs.accept(0);
    Model model;
    Placement placement;
    try {
      model = models.create(msg.model(), msg.params());
      placement =
          Placement.of(model, msg.partitions(), PlacementStrategy.fromConfigName(msg.placement()));
    } catch (IllegalArgumentException e) {
      return failRun(e.getMessage());
    }
    PeerLink peers = PeerLink.NONE;
    if (msg.partitions() > 1) {
      DeferredPartition deferred = new DeferredPartition();
      try {
        transport =
            new AeronFabricTransport(
                aeron.get(),
                partition,
                msg.partitions(),
                new Listener(deferred, model),
                aeronEndpoint);
      } catch (RuntimeException e) {
        return failRun("cannot open the Aeron fabric at " + aeronEndpoint + ": " + e.getMessage());
      }
      peers = new AeronPeerLink(transport, model.payloadCodec(), partition);
      ActorRef<PartitionActor.Command> ref = spawnPartition(msg, model, placement, peers);
      deferred.ref = ref;
      coordinator.tell(new RunCoordinator.PartitionBound(runId, partition, transport.endpoint()));
      return this;
    }
    spawnPartition(msg, model, placement, peers);
    coordinator.tell(new RunCoordinator.PartitionBound(runId, partition, ""));
    return this;
  }

  private ActorRef<PartitionActor.Command> spawnPartition(
      StartPartition msg, Model model, Placement placement, PeerLink peers) {
    ActorRef<PartitionActor.Report> reports =
        getContext().messageAdapter(PartitionActor.Report.class, Reported::new);
    partitionActor =
        getContext()
            .spawn(
                PartitionActor.create(
                    partition,
                    placement,
                    model,
                    msg.seed(),
                    msg.endPs(),
                    peers,
                    reports,
                    safeTimePs),
                "partition-" + partition + "-" + msg.runId());
    return partitionActor;
  }

  private Behavior<Command> onConnectPeers(ConnectPeers msg) {
    if (!msg.runId().equals(runId)) {
      return this;
    }
    if (transport == null) {
      coordinator.tell(new RunCoordinator.PartitionReady(runId, partition));
      return this;
    }
    AeronFabricTransport t = transport;
    String id = runId;
    CompletableFuture<Void> connected =
        CompletableFuture.runAsync(
            () -> {
              t.connect(msg.endpoints());
              t.awaitConnected(connectTimeout);
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
    coordinator.tell(new RunCoordinator.PartitionReady(runId, partition));
    return this;
  }

  private Behavior<Command> onBeginRun(BeginRun msg) {
    if (msg.runId().equals(runId) && partitionActor != null) {
      partitionActor.tell(new PartitionActor.Begin());
    }
    return this;
  }

  private Behavior<Command> onReported(Reported msg) {
    if (msg.report() instanceof PartitionActor.Finished f) {
      coordinator.tell(
          new RunCoordinator.PartitionResult(
              runId,
              f.partition(),
              f.events(),
              f.windows(),
              f.entityIds(),
              f.entityHashes(),
              f.entityMetrics()));
    } else if (msg.report() instanceof PartitionActor.Failed f) {
      coordinator.tell(new RunCoordinator.PartitionFailed(runId, f.partition(), f.reason()));
    }
    partitionActor = null;
    return this;
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
    coordinator.tell(new RunCoordinator.PartitionFailed(runId, partition, reason));
    return this;
  }

  private void releaseRun() {
    if (partitionActor != null) {
      getContext().stop(partitionActor);
      partitionActor = null;
    }
    if (transport != null) {
      transport.close();
      transport = null;
    }
  }

  /** The transport starts before the partition actor exists; batches wait on this reference. */
  private static final class DeferredPartition {
    volatile ActorRef<PartitionActor.Command> ref;
  }

  /**
   * Runs on the Aeron receive thread: decode, then hand to the partition actor. Never polls actors.
   */
  private static final class Listener implements FabricListener {
    private final DeferredPartition partition;
    private final EventCodec codec;

    Listener(DeferredPartition partition, Model model) {
      this.partition = partition;
      this.codec = new EventCodec(model.payloadCodec());
    }

    @Override
    public void onBatch(WindowBatch batch) {
      ActorRef<PartitionActor.Command> ref = partition.ref;
      if (ref == null) {
        return;
      }
      try {
        ref.tell(
            new PartitionActor.PeerBatch(
                batch.getFromPartition(),
                batch.getWindow(),
                batch.getNextEventPs(),
                codec.decodeAll(batch)));
      } catch (RuntimeException e) {
        ref.tell(
            new PartitionActor.Abort(
                "malformed batch from partition "
                    + batch.getFromPartition()
                    + ": "
                    + e.getMessage()));
      }
    }

    @Override
    public void onTransportError(String oneLineMessage) {
      ActorRef<PartitionActor.Command> ref = partition.ref;
      if (ref != null) {
        ref.tell(new PartitionActor.Abort(oneLineMessage));
      }
    }

    @Override
    public void onPeerLost(String sourceIdentity) {
      // Liveness is judged by cluster membership and by the runner watching its JVMs: an Aeron
      // image also goes away when a peer finishes normally and closes its link.
    }
  }
}
