package io.vioemu.fabric.runtime;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.management.cluster.bootstrap.ClusterBootstrap;
import org.apache.pekko.management.javadsl.PekkoManagement;

/**
 * Cluster formation on Kubernetes: Pekko Management (health checks, the contact point) and Cluster
 * Bootstrap over the Kubernetes API discovery. Started only in that mode; the settings are in
 * {@code vioemu-kubernetes.conf}.
 */
final class KubernetesBootstrap {
  private KubernetesBootstrap() {}

  /** The Kubernetes layer of this JVM's configuration, with its per-JVM values. */
  static Config config(NodeSettings settings) {
    boolean runner = settings.roles().contains("runner");
    return ConfigFactory.empty()
        .withValue(
            "pekko.management.http.hostname", ConfigValueFactory.fromAnyRef(settings.hostname()))
        // A runner joins the nodes' cluster and never founds one of its own (it would run alone).
        .withValue(
            "pekko.management.cluster.bootstrap.new-cluster-enabled",
            ConfigValueFactory.fromAnyRef(!runner))
        .withFallback(
            ConfigFactory.parseResources(
                KubernetesBootstrap.class.getClassLoader(), "vioemu-kubernetes.conf"));
  }

  /** Starts the management endpoint and the bootstrap, which joins or founds the cluster. */
  static void start(ActorSystem<?> system) {
    var classic = Adapter.toClassic(system);
    PekkoManagement.get(classic).start();
    ClusterBootstrap.get(classic).start();
  }
}
