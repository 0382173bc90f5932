package io.vioemu.runner;

import io.vioemu.fabric.kernel.Model;
import io.vioemu.fabric.kernel.ModelParameterException;
import io.vioemu.fabric.kernel.ModelRegistry;
import io.vioemu.lang.Experiment;
import io.vioemu.lang.Messages;
import io.vioemu.lang.Profile;
import io.vioemu.lang.Setting;
import io.vioemu.lang.Suggest;
import io.vioemu.lang.Sweep;
import io.vioemu.lang.UsageException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds the model with an experiment's parameters before any JVM starts, so that a value the model
 * refuses is an error at the line that set it (exit code 2), not a failed run.
 */
public final class ModelCheck {
  private ModelCheck() {}

  /** The models in the jar: they do not change while it runs, so they are looked up once. */
  private static final class Registry {
    static final ModelRegistry MODELS = ModelRegistry.load();
  }

  /**
   * Every check {@code run} makes before it starts anything: the model with the file's parameters,
   * or, for a sweep, with each point's (an error names the sweep value's line).
   */
  public static void checkAll(Experiment e) {
    if (e.sweep() == null) {
      checkModel(e);
    } else {
      checkPoints(e, e.sweep().points(e.seed()));
    }
  }

  static List<Model> checkPoints(Experiment e, List<Sweep.Point> points) {
    List<Model> models = new ArrayList<>();
    for (Sweep.Point p : points) {
      models.add(checkModel(e.at(p)));
    }
    return models;
  }

  /** Builds the model once here, so bad parameters fail before any JVM starts, at their line. */
  public static Model checkModel(Experiment e) {
    ModelRegistry registry = Registry.MODELS;
    if (!registry.names().contains(e.model())) {
      throw new UsageException(
          e.where("model")
              + "field 'model': unknown model '"
              + e.model()
              + "'"
              + Suggest.closest(e.model(), registry.names())
                  .map(s -> ", did you mean '" + s + "'?")
                  .orElse("; expected one of " + registry.names()));
    }
    Model model = build(e, registry);
    checkProfile(e, registry);
    return model;
  }

  private static Model build(Experiment e, ModelRegistry registry) {
    try {
      Model model = registry.create(e.model(), e.params());
      checkTraffic(e);
      return model;
    } catch (ModelParameterException bad) {
      if (e.profileParams().contains(bad.parameter())) {
        throw profileRejected(e, registry, bad);
      }
      Setting set = e.setting(bad.parameter()).orElse(null);
      if (set != null && set.bare() && isUnknownParameter(bad)) {
        // "--set sed=3": not a top-level field, so it was taken for a parameter the model lacks.
        Optional<String> field = Suggest.closest(bad.parameter(), Experiment.SETTABLE_KEYS);
        if (field.isPresent()) {
          throw new UsageException(
              e.where("params." + bad.parameter())
                  + "unknown field '"
                  + bad.parameter()
                  + "', did you mean '"
                  + field.get()
                  + "'? (not a top-level field, nor a "
                  + e.model()
                  + " parameter)");
        }
      }
      throw new UsageException(
          e.where("params." + bad.parameter())
              + "field '"
              + e.fieldOf(bad.parameter())
              + "': "
              + Messages.oneLine(bad));
    } catch (RuntimeException bad) {
      throw new UsageException(
          e.where("model") + "model '" + e.model() + "': " + Messages.oneLine(bad));
    }
  }

  /**
   * Parameter combinations that the model accepts but that make a run with no traffic, or nothing
   * measured, refused at the line that set them: no sender, flows that stop at 0, flows that start
   * or a warm-up that ends at or after the run's end.
   */
  private static void checkTraffic(Experiment e) {
    Map<String, String> p = e.params();
    if ("0".equals(digits(p.get("senders")))) {
      throw trap(e, "senders", "no host sends, so the run would carry no traffic");
    }
    if ("0".equals(digits(p.get("stopPs")))) {
      throw trap(e, "stopPs", "every flow stops at 0, before it starts: no traffic");
    }
    for (String name : List.of("startPs", "warmupPs")) {
      String v = digits(p.get(name));
      if (v != null && v.matches("[0-9]{1,18}") && Long.parseLong(v) >= e.endPs()) {
        throw trap(
            e,
            name,
            name
                + " "
                + v
                + " is at or after the run's end ("
                + e.endPs()
                + " ps, endUs): "
                + (name.equals("startPs") ? "no flow starts" : "nothing is measured"));
      }
    }
  }

  /**
   * A model that charges CPU costs runs with the profile the file names, or with every cost at 0
   * only if the file says {@code profile: none}: no default is applied behind the user's back (a
   * default would change a file's results whenever the default changed). A profile that says its
   * platform had no such I/O model refuses a run that asks for it.
   */
  private static void checkProfile(Experiment e, ModelRegistry registry) {
    boolean readsCosts =
        registry.parameters(e.model()).stream()
            .anyMatch(s -> s.name().startsWith(Profile.PARAM_PREFIX));
    if (readsCosts && e.profile() == null && !e.locations().containsKey("profile")) {
      throw new UsageException(
          e.where("model")
              + "field 'profile' is missing: model '"
              + e.model()
              + "' charges the CPU cost of every operation, so say which calibration profile"
              + " prices them (built-in: "
              + String.join(", ", Profile.builtInNames())
              + "; or a path to a profile file ending in .yaml), or 'profile: none' to run with"
              + " every cost at 0 (software for free)");
    }
    Profile profile = e.profile();
    if (profile == null) {
      return;
    }
    if (!profile.hasMigration()) {
      e.params().keySet().stream()
          .filter(p -> p.startsWith("migration."))
          .findFirst()
          .ifPresent(
              p -> {
                throw refused(e, p, "has no live migration (its migration costs are absent)");
              });
    }
    profile
        .unsupported()
        .forEach(
            (param, values) -> {
              String v = digits(e.params().get(param));
              Profile.Unsupported u = v == null ? null : values.get(v);
              if (u != null) {
                throw refused(
                    e,
                    param,
                    "has no '"
                        + v
                        + "': "
                        + u.reason()
                        + " (see "
                        + u.where().strip()
                        + " unsupported."
                        + param
                        + "."
                        + v
                        + ")");
              }
            });
  }

  /** A parameter the profile's platform did not have, refused at the line that set it. */
  private static UsageException refused(Experiment e, String param, String why) {
    return new UsageException(
        e.where("params." + param)
            + "field '"
            + e.fieldOf(param)
            + "': profile '"
            + e.profile().name()
            + "' "
            + why);
  }

  private static String digits(String v) {
    return v == null ? null : v.strip().replace("_", "");
  }

  private static UsageException trap(Experiment e, String param, String why) {
    return new UsageException(
        e.where("params." + param) + "field '" + e.fieldOf(param) + "': " + why);
  }

  /**
   * A parameter that came from the profile was refused: either the model has no such parameter (the
   * profile does not apply to it: point at the {@code profile} line) or the value is out of the
   * model's range (point at the constant in the profile file).
   */
  private static UsageException profileRejected(
      Experiment e, ModelRegistry registry, ModelParameterException bad) {
    Profile profile = e.profile();
    String param = bad.parameter();
    if (isUnknownParameter(bad)) {
      List<String> takers = new ArrayList<>();
      Map<String, String> costsOnly = new LinkedHashMap<>();
      e.profileParams().forEach(p -> costsOnly.put(p, e.params().get(p)));
      for (String m : registry.names()) {
        try {
          registry.create(m, costsOnly);
          takers.add(m);
        } catch (ModelParameterException refused) {
          if (!isUnknownParameter(refused)) {
            takers.add(m);
          }
        } catch (RuntimeException other) {
          // A model that fails on its defaults says nothing about whether it reads costs.
        }
      }
      return new UsageException(
          e.where("profile")
              + "field 'profile': model '"
              + e.model()
              + "' has no CPU cost parameters, so profile '"
              + profile.name()
              + "' cannot apply to it ('"
              + e.model()
              + "' does not know "
              + param
              + "); remove 'profile'"
              + (takers.isEmpty() ? "" : ", or use a model that reads costs: " + takers));
    }
    String cost = param.substring(Profile.PARAM_PREFIX.length());
    return new UsageException(
        e.where("params." + param)
            + "field 'costs."
            + cost
            + "' of profile '"
            + profile.name()
            + "' (model parameter "
            + param
            + "): "
            + Messages.oneLine(bad));
  }

  /** ModelParams refuses a name it does not know with this wording, before checking any value. */
  private static boolean isUnknownParameter(ModelParameterException bad) {
    return bad.getMessage() != null && bad.getMessage().startsWith("unknown ");
  }
}
