/**
 * The cluster runtime: a Pekko cluster (a one-node cluster by default) that runs one run after
 * another, a node agent on every JVM that hosts its partitions of the current run (a thread each),
 * and the runner's coordinator (one per run) that places partitions, connects their Aeron links,
 * starts them together and gathers their results. {@link
 * io.vioemu.fabric.runtime.ClusterRuntime#localSafeTimePs} tells a progress display how far the
 * current run has simulated.
 *
 * <p>Pekko carries membership and control (small, rare messages, serialized with protobuf by {@link
 * io.vioemu.fabric.runtime.ControlSerializer}); every timestamped event that crosses a JVM travels
 * over Aeron (IPC between JVMs sharing a media driver, UDP otherwise), batched per window.
 *
 * <p>A JVM finds its cluster by seed nodes ({@link io.vioemu.fabric.runtime.Bootstrap#SEED_NODES},
 * none: it founds one) or on Kubernetes ({@link io.vioemu.fabric.runtime.Bootstrap#KUBERNETES}:
 * {@link io.vioemu.fabric.runtime.KubernetesBootstrap} starts Pekko Management and Cluster
 * Bootstrap over the Kubernetes API, and {@link io.vioemu.fabric.runtime.PartitionReadiness} is the
 * pod's readiness check).
 */
package io.vioemu.fabric.runtime;
