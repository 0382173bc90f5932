package io.vioemu.fabric.runtime;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * Pekko Management's readiness check of a vioemu JVM (registered in {@code
 * vioemu-kubernetes.conf}): ready once it is an Up member of the cluster, has a role that takes
 * partitions ({@code host} or {@code guest}) and its node agent is registered, so a runner that
 * lists agents finds it. A pod that is not ready yet, or has left the cluster, is not given
 * partitions by a runner that waits for ready pods.
 */
public final class PartitionReadiness implements Supplier<CompletionStage<Boolean>> {
  private static final Duration ASK_TIMEOUT = Duration.ofSeconds(1);
  private static final Set<String> PARTITION_ROLES = Set.of("host", "guest");

  // qualified: the typed ActorSystem; the classic one is imported (the constructor's parameter)
  private final org.apache.pekko.actor.typed.ActorSystem<?> system;

  /** Pekko Management creates the check with the classic actor system. */
  public PartitionReadiness(ActorSystem system) {
    this.system = Adapter.toTyped(system);
  }

  @Override
  public CompletionStage<Boolean> get() {
    var self = Cluster.get(system).selfMember();
    if (self.status() != MemberStatus.up()
        || self.getRoles().stream().noneMatch(PARTITION_ROLES::contains)) {
      return CompletableFuture.completedFuture(false);
    }
    return AskPattern.<Receptionist.Command, Receptionist.Listing>ask(
            system.receptionist(),
            replyTo -> Receptionist.find(NodeAgent.KEY, replyTo),
            ASK_TIMEOUT,
            system.scheduler())
        .thenApply(
            listing ->
                listing.getServiceInstances(NodeAgent.KEY).stream()
                    .anyMatch(agent -> agent.path().address().hasLocalScope()));
  }
}
