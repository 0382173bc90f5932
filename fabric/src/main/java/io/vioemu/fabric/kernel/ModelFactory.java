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
   * @throws IllegalArgumentException naming the parameter when one is missing or invalid
   */
  Model create(Map<String, String> params);

  /**
   * Rejects parameters the model does not know, so that a misspelt name fails instead of being
   * silently replaced by its default.
   */
  static void requireKnown(String model, Map<String, String> params, java.util.Set<String> known) {
    for (String key : params.keySet()) {
      if (!known.contains(key)) {
        throw new IllegalArgumentException(
            "unknown "
                + model
                + " parameter '"
                + key
                + "' (known: "
                + new java.util.TreeSet<>(known)
                + ")");
      }
    }
  }
}
