package io.vioemu.fabric.kernel;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;

/** The models this jar provides, by name. */
public final class ModelRegistry {
  private final Map<String, ModelFactory> factories = new TreeMap<>();

  private ModelRegistry() {}

  public static ModelRegistry load() {
    ModelRegistry registry = new ModelRegistry();
    for (ModelFactory f : ServiceLoader.load(ModelFactory.class)) {
      registry.factories.put(f.name(), f);
    }
    return registry;
  }

  /** The known model names, sorted. */
  public Set<String> names() {
    return Collections.unmodifiableSet(factories.keySet());
  }

  /** The parameters model {@code name} declares ({@link ModelFactory#parameters()}). */
  public List<ParamSpec> parameters(String name) {
    return factory(name).parameters();
  }

  public Model create(String name, Map<String, String> params) {
    return factory(name).create(params);
  }

  private ModelFactory factory(String name) {
    ModelFactory f = factories.get(name);
    if (f == null) {
      throw new IllegalArgumentException(
          "unknown model '" + name + "' (known: " + factories.keySet() + ")");
    }
    return f;
  }
}
