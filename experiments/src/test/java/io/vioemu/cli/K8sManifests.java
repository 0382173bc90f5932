package io.vioemu.cli;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The k8s/ overlays rendered by {@code kubectl kustomize} and read into fabric8's typed Kubernetes
 * model, every field of every object known to the model (an unknown field, which fabric8 would keep
 * aside as an additional property, fails).
 */
final class K8sManifests {
  /** The repository's root, from the experiments module's directory where tests run. */
  static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
  private static final Pattern ENV_REF = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");

  private final String overlay;
  private final List<HasMetadata> objects;

  private K8sManifests(String overlay, List<HasMetadata> objects) {
    this.overlay = overlay;
    this.objects = objects;
  }

  /** Why the manifests cannot be rendered here (no kubectl), or null if they can. */
  static String cannotRender() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "kubectl"))) {
        return null;
      }
    }
    return "kubectl is not on PATH: install kubectl (it includes kustomize) to render and check"
        + " k8s/overlays/*; skipped";
  }

  /**
   * {@code kubectl kustomize k8s/overlays/NAME}, each object typed and checked for unknown fields.
   */
  static K8sManifests render(String overlayName) throws IOException, InterruptedException {
    Path dir = ROOT.resolve("k8s/overlays").resolve(overlayName);
    Process p =
        new ProcessBuilder("kubectl", "kustomize", dir.toString())
            .redirectErrorStream(true)
            .start();
    p.getOutputStream().close();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new AssertionError(
          "kubectl kustomize " + dir + " failed: " + new String(out, StandardCharsets.UTF_8));
    }
    List<HasMetadata> objects = new ArrayList<>();
    String yaml = new String(out, StandardCharsets.UTF_8);
    for (String doc : yaml.split("(?m)^---\\s*$")) {
      if (doc.isBlank()) {
        continue;
      }
      Object parsed = SERIALIZATION.unmarshal(doc);
      if (!(parsed instanceof HasMetadata o) || parsed instanceof GenericKubernetesResource) {
        throw new AssertionError(
            overlayName + ": an object the Kubernetes model does not know: " + doc.strip());
      }
      String where = overlayName + ": " + o.getKind() + " " + o.getMetadata().getName();
      List<String> unknown = new ArrayList<>();
      unknownFields(o, o.getKind(), unknown, new IdentityHashMap<>());
      if (!unknown.isEmpty()) {
        throw new AssertionError(where + " has fields the schema does not know: " + unknown);
      }
      objects.add(o);
    }
    return new K8sManifests(overlayName, objects);
  }

  String overlay() {
    return overlay;
  }

  List<HasMetadata> objects() {
    return objects;
  }

  /** The one object of {@code type} named {@code name}. */
  <T extends HasMetadata> T get(Class<T> type, String name) {
    return objects.stream()
        .filter(type::isInstance)
        .map(type::cast)
        .filter(o -> o.getMetadata().getName().equals(name))
        .findFirst()
        .orElseThrow(
            () -> new AssertionError(overlay + ": no " + type.getSimpleName() + " " + name));
  }

  <T extends HasMetadata> List<T> all(Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast).toList();
  }

  /** The first container of a pod template. */
  static Container container(PodTemplateSpec template) {
    return template.getSpec().getContainers().get(0);
  }

  /** The value after {@code flag} in a container's arguments, or null. */
  static String arg(Container c, String flag) {
    List<String> args = c.getArgs();
    int i = args.indexOf(flag);
    return i < 0 || i + 1 >= args.size() ? null : args.get(i + 1);
  }

  /** The literal value of an environment variable of a container, or null. */
  static String env(Container c, String name) {
    return c.getEnv().stream()
        .filter(e -> e.getName().equals(name))
        .map(e -> e.getValue())
        .findFirst()
        .orElse(null);
  }

  /** {@code $(VAR)} references in a container argument replaced as Kubernetes does. */
  static String expand(String arg, Map<String, String> env) {
    Matcher m = ENV_REF.matcher(arg);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String v = env.get(m.group(1));
      m.appendReplacement(sb, Matcher.quoteReplacement(v != null ? v : m.group()));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  /**
   * Walks the model's getters; every object's additional properties (fields its class does not
   * declare) are collected with their path.
   */
  private static void unknownFields(
      Object o, String path, List<String> out, Map<Object, Boolean> seen) {
    if (o == null || seen.put(o, Boolean.TRUE) != null) {
      return;
    }
    if (o instanceof Collection<?> items) {
      int i = 0;
      for (Object item : items) {
        unknownFields(item, path + "[" + i++ + "]", out, seen);
      }
      return;
    }
    if (o instanceof Map<?, ?> map) {
      map.forEach((k, v) -> unknownFields(v, path + "." + k, out, seen));
      return;
    }
    if (!o.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
      return;
    }
    for (Method m : o.getClass().getMethods()) {
      if (m.getParameterCount() != 0
          || Modifier.isStatic(m.getModifiers())
          || !m.getName().startsWith("get")
          || m.getName().equals("getClass")) {
        continue;
      }
      Object value;
      try {
        value = m.invoke(o);
      } catch (IllegalAccessException | InvocationTargetException e) {
        continue;
      }
      String field = path + "." + decapitalize(m.getName().substring(3));
      if (m.getName().equals("getAdditionalProperties")) {
        if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
          extra.keySet().forEach(k -> out.add(path + "." + k));
        }
        continue;
      }
      unknownFields(value, field, out, seen);
    }
  }

  private static String decapitalize(String s) {
    return s.isEmpty() ? s : Character.toLowerCase(s.charAt(0)) + s.substring(1);
  }

  /** Labels as a set of {@code key=value}, for selector checks. */
  static Set<String> pairs(Map<String, String> labels) {
    return labels.entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.toSet());
  }
}
