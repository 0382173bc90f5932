package io.vioemu.lang;

import io.vioemu.fabric.kernel.ModelRegistry;
import io.vioemu.fabric.kernel.ParamSpec;
import io.vioemu.lang.ParamDecl.Kind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The models' parameter declarations ({@link ParamSpec}, from {@link
 * io.vioemu.fabric.kernel.ModelFactory#parameters()}), and a section key's value derived from them:
 * its type and unit in the file, range, choices, default and doc. The language restates none of
 * them.
 */
final class ModelDeclarations {
  private static final ModelRegistry REGISTRY = ModelRegistry.load();
  private static final Map<String, ParamDecl> REFERENCE = new ConcurrentHashMap<>();

  private ModelDeclarations() {}

  /** The models this jar has, sorted. */
  static Set<String> models() {
    return REGISTRY.names();
  }

  /** The parameters {@code model} declares; none for a model this jar does not have. */
  static List<ParamSpec> of(String model) {
    return REGISTRY.names().contains(model) ? REGISTRY.parameters(model) : List.of();
  }

  /** The declaration of parameter {@code name} (exactly, not a pattern) of {@code model}. */
  static Optional<ParamSpec> spec(String model, String name) {
    return of(model).stream().filter(s -> s.name().equals(name)).findFirst();
  }

  /** The names {@code model} declares, patterns included. */
  static Set<String> names(String model) {
    Set<String> out = new LinkedHashSet<>();
    of(model).forEach(s -> out.add(s.name()));
    return out;
  }

  private static ParamSpec specOf(SectionKey k, String model) {
    return spec(model, k.param())
        .orElseThrow(
            () ->
                new IllegalStateException(
                    k.path() + " sets " + k.param() + ", which " + model + " does not declare"));
  }

  /** The key's value for {@code model}. */
  static ParamDecl forModel(SectionKey k, String model) {
    ParamSpec s = specOf(k, model);
    Kind kind = kind(k, s);
    String text = k.defaultText().isEmpty() ? defaultText(s, kind) : k.defaultText();
    return new ParamDecl(k.param(), kind, fileMin(s, kind), s.choices(), text, doc(k, s));
  }

  /**
   * The key's value over every model it applies to, as the reference shows it: the smallest
   * minimum, every choice, the first model's doc, and each model's default when they differ ("`100`
   * (netperf-star), `0`").
   */
  static ParamDecl reference(SectionKey k) {
    return REFERENCE.computeIfAbsent(k.path(), p -> derive(k));
  }

  private static ParamDecl derive(SectionKey k) {
    List<ParamDecl> decls = new ArrayList<>();
    Map<String, List<String>> defaults = new LinkedHashMap<>();
    for (String model : k.models()) {
      ParamDecl d = forModel(k, model);
      if (!decls.isEmpty() && decls.get(0).kind() != d.kind()) {
        throw new IllegalStateException(k.path() + ": the models declare " + k.param() + " apart");
      }
      decls.add(d);
      defaults.computeIfAbsent(d.defaultText(), t -> new ArrayList<>()).add(model);
    }
    if (decls.isEmpty()) {
      throw new IllegalStateException(k.path() + " applies to no model");
    }
    long min = decls.stream().mapToLong(ParamDecl::min).min().orElseThrow();
    Set<String> choices = new LinkedHashSet<>();
    decls.forEach(d -> choices.addAll(d.choices()));
    ParamDecl first = decls.get(0);
    return new ParamDecl(
        k.param(), first.kind(), min, List.copyOf(choices), merged(defaults), first.doc());
  }

  /** One default, or each with its models but the most common, which comes last, unlabelled. */
  private static String merged(Map<String, List<String>> defaults) {
    if (defaults.size() == 1) {
      return defaults.keySet().iterator().next();
    }
    String common = null;
    for (Map.Entry<String, List<String>> e : defaults.entrySet()) {
      if (common == null || e.getValue().size() >= defaults.get(common).size()) {
        common = e.getKey();
      }
    }
    StringBuilder out = new StringBuilder();
    for (Map.Entry<String, List<String>> e : defaults.entrySet()) {
      if (!e.getKey().equals(common)) {
        out.append(e.getKey()).append(" (").append(String.join(", ", e.getValue())).append("), ");
      }
    }
    return out.append(common).toString();
  }

  private static Kind kind(SectionKey k, ParamSpec s) {
    Kind kind =
        switch (s.type()) {
          case INTEGER -> Kind.COUNT;
          case DURATION_PS -> k.unit();
          case BOOLEAN -> Kind.BOOL;
          case CHOICE -> Kind.CHOICE;
          case TABLE -> Kind.TABLE;
          case DECIMAL -> null;
        };
    if (kind == null || (k.unit() != null && s.type() != ParamSpec.Type.DURATION_PS)) {
      throw new IllegalStateException(
          k.path() + ": " + s.type() + " parameter " + s.name() + " with file unit " + k.unit());
    }
    return kind;
  }

  /** The smallest value in the file's unit: a time rounds up to the next whole µs or ns. */
  private static long fileMin(ParamSpec s, Kind kind) {
    return s.type().numeric() ? Math.floorDiv(s.min() + kind.factor - 1, kind.factor) : 0;
  }

  /** The declared default in the file's unit ({@code `1000`}), or the declaration's note. */
  private static String defaultText(ParamSpec s, Kind kind) {
    if (!s.defaultNote().isEmpty()) {
      return s.defaultNote();
    }
    if (kind == Kind.COUNT || kind == Kind.MICROS || kind == Kind.NANOS) {
      long v = Long.parseLong(s.defaultValue());
      return v % kind.factor == 0 ? "`" + number(v / kind.factor) + "`" : "`" + v + "` ps";
    }
    return "`" + s.defaultValue() + "`";
  }

  /** Digits, grouped by {@code _} from a billion on ({@code 10_000_000_000}). */
  private static String number(long v) {
    if (Math.abs(v) < 1_000_000_000L) {
      return Long.toString(v);
    }
    return String.format(Locale.ROOT, "%,d", v).replace(',', '_');
  }

  private static String doc(SectionKey k, ParamSpec s) {
    return k.note().isEmpty() ? s.doc() : s.doc() + " " + k.note();
  }
}
