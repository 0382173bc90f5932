package io.vioemu.fabric.runtime;

import com.typesafe.config.ConfigFactory;
import java.util.Locale;

/**
 * How a vioemu JVM finds its cluster (config {@code vioemu.runtime.bootstrap}, {@code
 * --bootstrap}).
 */
public enum Bootstrap {
  /**
   * The given seed nodes ({@code --seed-nodes}), or none: the JVM founds a cluster of its own (the
   * embedded default and the {@code --jvms N} children).
   */
  SEED_NODES("seed-nodes"),
  /**
   * Pekko Management and Cluster Bootstrap: the node pods are listed through the Kubernetes API (a
   * label selector), their management endpoints probed, and the lowest address founds the cluster
   * the others join. A runner only joins (it never founds a cluster of its own).
   */
  KUBERNETES("kubernetes");

  private final String configName;

  Bootstrap(String configName) {
    this.configName = configName;
  }

  public String configName() {
    return configName;
  }

  /**
   * The mode a command line asked for, or if {@code flag} is null the configured one ({@code
   * vioemu.runtime.bootstrap}, from reference.conf, application.conf or a -D system property).
   *
   * @throws IllegalArgumentException naming the known modes
   */
  public static Bootstrap configured(String flag) {
    return fromConfigName(
        flag != null ? flag : ConfigFactory.load().getString("vioemu.runtime.bootstrap"));
  }

  /**
   * The mode named {@code name} ({@code seed-nodes}, {@code kubernetes}).
   *
   * @throws IllegalArgumentException naming the known modes
   */
  public static Bootstrap fromConfigName(String name) {
    for (Bootstrap b : values()) {
      if (b.configName.equals(name.trim().toLowerCase(Locale.ROOT))) {
        return b;
      }
    }
    throw new IllegalArgumentException(
        "unknown bootstrap '" + name + "' (known: seed-nodes, kubernetes)");
  }
}
