package io.vioemu.fabric.kernel;

import java.util.Map;

/**
 * Builds a {@link Model} from string parameters. Found with {@link java.util.ServiceLoader} so that
 * every JVM of a cluster, started from the same jar, knows the same models.
 */
public interface ModelFactory {

  /** The name experiments and the CLI use, e.g. {@code phold}. */
  String name();

  /**
   * @throws ModelParameterException naming the parameter when one is unknown or invalid
   */
  Model create(Map<String, String> params);
}
