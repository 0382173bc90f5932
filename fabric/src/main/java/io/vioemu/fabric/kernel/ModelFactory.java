package io.vioemu.fabric.kernel;

import java.util.List;
import java.util.Map;

/**
 * Builds a {@link Model} from string parameters. Found with {@link java.util.ServiceLoader} so that
 * every JVM of a cluster, started from the same jar, knows the same models.
 */
public interface ModelFactory {

  /** The name experiments and the CLI use, e.g. {@code phold}. */
  String name();

  /**
   * The parameters {@link #create} reads, each declared once beside the code that reads it: what
   * the experiment language checks, documents and puts in its schema.
   */
  List<ParamSpec> parameters();

  /**
   * @throws ModelParameterException naming the parameter when one is unknown or invalid
   */
  Model create(Map<String, String> params);
}
