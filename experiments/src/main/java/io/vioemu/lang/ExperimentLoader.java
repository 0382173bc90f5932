package io.vioemu.lang;

import static io.vioemu.lang.YamlFields.at;
import static io.vioemu.lang.YamlFields.fields;
import static io.vioemu.lang.YamlFields.mapping;
import static io.vioemu.lang.YamlFields.number;
import static io.vioemu.lang.YamlFields.require;
import static io.vioemu.lang.YamlFields.scalar;

import io.vioemu.results.InputFiles;
import io.vioemu.results.Reference;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/**
 * Reads an experiment file into an {@link Experiment}: the top-level fields, the profile, the
 * sections lowered to parameters, {@code params}, the {@code --set} overrides, the schedule, the
 * sweep and the references, each checked where it is read.
 */
final class ExperimentLoader {
  static final List<String> TOP_KEYS =
      List.of(
          "name",
          "description",
          "model",
          "profile",
          "seed",
          "endUs",
          "topology",
          "hosts",
          "vms",
          "workload",
          "schedule",
          "placement",
          "outputs",
          "reference",
          "params",
          "sweep",
          "repetitions");

  private final Path file;
  private final String label;
  private final MappingNode top;
  private final Map<String, Node> fields;
  private final List<Setting> settings;
  private final Map<String, String> locations = new LinkedHashMap<>();
  private final Params p = new Params(locations);

  /** The values of {@code params} in the file, which a section or the schedule may not set too. */
  private final Map<String, Node> fileParams = new LinkedHashMap<>();

  /** The parameters {@code --set} gave: they win over the file's schedule and sweep. */
  private final Map<String, Node> overridden = new LinkedHashMap<>();

  private ExperimentLoader(Path file, Node root, List<Setting> settings) {
    this.file = file;
    this.label = file.toString();
    this.top = mapping(label, root, "(top level)");
    this.fields = fields(label, top, TOP_KEYS, "");
    this.settings = List.copyOf(settings);
    for (Setting s : settings) {
      if (!s.param() && !s.section()) {
        fields.put(s.key(), new SetNode(s));
      }
    }
  }

  /** Reads and checks {@code file}, then applies {@code settings} as if the file said so. */
  static Experiment load(Path file, List<Setting> settings) {
    byte[] bytes = readText(file, file.toString(), file + ":1:1: ");
    if (!isYamlName(file)) {
      try {
        return parse(file, bytes, settings);
      } catch (UsageException e) {
        throw redacted(file.toString(), e);
      }
    }
    return parse(file, bytes, settings);
  }

  private static Experiment parse(Path file, byte[] bytes, List<Setting> settings) {
    Node root = SafeYaml.compose(file.toString(), SafeYaml.utf8(file.toString(), bytes));
    return new ExperimentLoader(file, root, settings).read();
  }

  /** Whether the file's name says it is YAML: only then do errors quote what it holds. */
  static boolean isYamlName(Path file) {
    String n = String.valueOf(file.getFileName());
    return n.endsWith(".yaml") || n.endsWith(".yml");
  }

  /**
   * The error about a file that does not say it is YAML, its place kept and its words dropped: they
   * may quote the file, and such a file may be anything (a key, a password file).
   */
  static UsageException redacted(String label, UsageException e) {
    String m = String.valueOf(e.getMessage());
    Matcher at = Pattern.compile("^" + Pattern.quote(label) + ":[0-9]+:[0-9]+: ").matcher(m);
    String where = at.find() ? at.group() : label + ":1:1: ";
    return new UsageException(
        where
            + "not an experiment file (its name does not end in .yaml or .yml, so what it holds"
            + " is not quoted)");
  }

  /**
   * A text file the language reads (an experiment, a profile): a regular file, no larger than the
   * YAML reader takes; {@code where} prefixes an error.
   */
  static byte[] readText(Path file, String shown, String where) {
    try {
      return InputFiles.read(file, InputFiles.MAX_TEXT_BYTES);
    } catch (NoSuchFileException e) {
      throw new UsageException(shown + ": no such file");
    } catch (InputFiles.Refused e) {
      throw new UsageException(where + e.getMessage());
    } catch (IOException e) {
      throw new UsageException(shown + ": cannot read: " + Messages.oneLine(e));
    }
  }

  /** Each part in the order its values override the one before: profile, sections, params, set. */
  private Experiment read() {
    String name = name();
    String description =
        optional("description").map(n -> scalar(label, n, "description")).orElse("");
    String model = scalar(label, require(label, top, fields, "model"), "model");
    locations.put("model", at(label, fields.get("model")));
    long seed =
        fields.containsKey("seed")
            ? number(label, fields.get("seed"), "seed", Long.MIN_VALUE, Long.MAX_VALUE)
            : 1;
    long endUs =
        number(label, require(label, top, fields, "endUs"), "endUs", 1, Experiment.MAX_END_US);
    Profile profile = profile();
    Sections sections = sections(model);
    params(sections);
    overrides(sections);
    Schedule schedule = schedule(sections, endUs, model);
    Sweep sweep = sweep(sections, schedule);
    checkVmsHaveAnIoModel(label, sections, p.values, sweep);
    Sections.Lowered placement = sections.meta("placement.strategy");
    Sections.Lowered outputDir = sections.meta("outputs.dir");
    return new Experiment(
        file,
        name,
        description,
        model,
        seed,
        endUs * 1_000_000L,
        p.values,
        locations,
        profile,
        p.fromProfile,
        settings,
        sweep,
        p.origins,
        placement == null ? SectionKey.PLACEMENTS.get(0) : placement.value(),
        metaCount(sections, "placement.partitionsPerJvm"),
        metaCount(sections, "placement.workersPerPartition"),
        outputDir == null ? Path.of("results", name) : Path.of(outputDir.value()),
        references(sections, model),
        metaCount(sections, "outputs.maxWallSeconds"));
  }

  /** A count the section keys validated and the runner reads, 0 if the file does not give it. */
  private static int metaCount(Sections sections, String path) {
    Sections.Lowered v = sections.meta(path);
    return v == null ? 0 : Integer.parseInt(v.value().replace("_", ""));
  }

  private Optional<Node> optional(String field) {
    return Optional.ofNullable(fields.get(field));
  }

  private String name() {
    String name = scalar(label, require(label, top, fields, "name"), "name");
    if (!name.matches(Experiment.NAME_PATTERN) || name.matches("\\.+")) {
      throw new UsageException(
          at(label, fields.get("name"))
              + "field 'name': use letters, digits, '.', '_' or '-' (not only dots: the name is"
              + " a directory under results/)");
    }
    return name;
  }

  /**
   * The calibration profile, its costs the first parameters; null if the file has none or says
   * {@code profile: none} (the runner refuses the first for a model that reads costs).
   */
  private Profile profile() {
    Node node = fields.get("profile");
    if (node == null) {
      return null;
    }
    locations.put("profile", at(label, node));
    String value = scalar(label, node, "profile");
    if (value.equals(Profile.NONE)) {
      return null;
    }
    // A --set path is the user's, typed at a shell: relative to the working directory.
    Path base =
        node instanceof SetNode ? Path.of("").toAbsolutePath() : file.toAbsolutePath().getParent();
    Profile profile = Profile.selectIn(base, value, at(label, node));
    for (Map.Entry<String, Profile.Constant> c : profile.costs().entrySet()) {
      String param = Profile.PARAM_PREFIX + c.getKey();
      p.put(param, Long.toString(c.getValue().value()), c.getValue().where(), null);
      p.fromProfile.add(param);
    }
    return profile;
  }

  /** The key-value sections, lowered to parameters. */
  private Sections sections(String model) {
    Sections sections = new Sections(label, model, locations.get("model"));
    for (String section : SectionKey.SECTIONS) {
      if (fields.containsKey(section) && !LISTS.contains(section)) {
        sections.read(section, keyNode(top, section), fields.get(section));
      }
    }
    sections.values().values().forEach(v -> p.put(v.param(), v.value(), v.location(), v.field()));
    return sections;
  }

  /** The file's {@code params}: none may be one a section already set. */
  private void params(Sections sections) {
    if (!fields.containsKey("params")) {
      return;
    }
    for (NodeTuple t : mapping(label, fields.get("params"), "params").getValue()) {
      String key = scalar(label, t.getKeyNode(), "params");
      Sections.Lowered lowered = sections.values().get(key);
      if (lowered != null) {
        throw alreadySet(label, t.getKeyNode(), "params." + key, key, lowered);
      }
      fileParams.put(key, t.getValueNode());
      Node value = t.getValueNode();
      p.put(key, scalar(label, value, "params." + key), at(label, value), null);
    }
  }

  /** The {@code --set} section keys and parameters, over everything the file set. */
  private void overrides(Sections sections) {
    for (Setting s : settings) {
      SetNode node = new SetNode(s);
      if (s.section()) {
        Sections.Lowered v = sections.set(node, s.key());
        if (v != null) {
          p.put(v.param(), v.value(), v.location(), v.field());
          overridden.put(v.param(), node);
        }
      } else if (s.param()) {
        p.put(s.key(), scalar(label, node, "params." + s.key()), at(label, node), null);
        overridden.put(s.key(), node);
      }
    }
  }

  /** The schedule's flow times: a parameter the file set another way is an error. */
  private Schedule schedule(Sections sections, long endUs, String model) {
    if (!fields.containsKey("schedule")) {
      return null;
    }
    sections.checkApplies("schedule", keyNode(top, "schedule"));
    Schedule schedule = Schedule.lower(label, fields.get("schedule"), endUs, p.values, model);
    for (Sections.Lowered v : schedule.lowered()) {
      if (overridden.containsKey(v.param())) {
        continue; // the command line wins, as over any value in the file
      }
      String before =
          fileParams.containsKey(v.param()) ? "params." + v.param() : p.origins.get(v.param());
      if (before != null) {
        String where = p.locations.get("params." + v.param());
        throw alreadySet(label, v, new Sections.Lowered(v.param(), "", before, where));
      }
      p.put(v.param(), v.value(), v.location(), v.field());
    }
    return schedule;
  }

  /** The sweep, or null for a single run. */
  private Sweep sweep(Sections sections, Schedule schedule) {
    long repetitions =
        fields.containsKey("repetitions")
            ? number(label, fields.get("repetitions"), "repetitions", 1, Sweep.MAX_POINTS)
            : 1;
    if (!fields.containsKey("sweep") && repetitions == 1) {
      return null;
    }
    return Sweep.parse(
        label,
        keyNode(top, fields.containsKey("sweep") ? "sweep" : "repetitions"),
        fields.get("sweep"),
        fields.get("repetitions"),
        (int) repetitions,
        overridden,
        sections,
        schedule);
  }

  private List<Reference> references(Sections sections, String model) {
    if (!fields.containsKey("reference")) {
      return List.of();
    }
    sections.checkApplies("reference", keyNode(top, "reference"));
    Set<String> names = new TreeSet<>(Sections.knownParams(model));
    if (!names.isEmpty()) {
      names.addAll(SectionKey.paramsOf(model));
    }
    return ReferenceSection.parseAll(label, fields.get("reference"), model, names);
  }

  /** The sections that are lists of entries, read apart from the key-value sections. */
  private static final List<String> LISTS = List.of("schedule", "reference");

  /**
   * The parameters as they build up: each value with its location and, if a section set it, the
   * section key. A later value replaces an earlier one (profile, sections, params, --set).
   */
  private static final class Params {
    final Map<String, String> values = new LinkedHashMap<>();
    final Map<String, String> locations;
    final Map<String, String> origins = new LinkedHashMap<>();
    final Set<String> fromProfile = new LinkedHashSet<>();

    Params(Map<String, String> locations) {
      this.locations = locations;
    }

    void put(String param, String value, String location, String origin) {
      values.put(param, value);
      locations.put("params." + param, location);
      fromProfile.remove(param);
      if (origin == null) {
        origins.remove(param);
      } else {
        origins.put(param, origin);
      }
    }
  }

  private static UsageException alreadySet(
      String label, Node at, String field, String param, Sections.Lowered before) {
    return new UsageException(
        at(label, at)
            + "field '"
            + field
            + "': parameter '"
            + param
            + "' is already set by '"
            + before.field()
            + "' at "
            + before.location().replaceAll(": $", "")
            + "; set it in one place");
  }

  private static UsageException alreadySet(
      String label, Sections.Lowered now, Sections.Lowered before) {
    return new UsageException(
        now.location()
            + "field '"
            + now.field()
            + "': parameter '"
            + now.param()
            + "' is already set by '"
            + before.field()
            + "' at "
            + before.location().replaceAll(": $", "")
            + "; set it in one place");
  }

  /**
   * VMs without an I/O model would silently be bare metal (the model's default): a {@code vms}
   * section needs {@code vms.ioModel}, or {@code io.model} set another way.
   */
  private static void checkVmsHaveAnIoModel(
      String label, Sections sections, Map<String, String> params, Sweep sweep) {
    Node vms = sections.present().get("vms");
    boolean swept = sweep != null && sweep.names().contains("io.model");
    if (vms != null && !params.containsKey("io.model") && !swept) {
      throw new UsageException(
          at(label, vms)
              + "field 'vms.ioModel' is missing: say how the VMs reach their NIC, one of "
              + SectionKey.at("vms.ioModel").orElseThrow().choices()
              + " (bare-metal: no VM)");
    }
  }

  /** The key node of {@code key} in {@code node} (for a field's line), or null (a --set value). */
  private static Node keyNode(MappingNode node, String key) {
    for (NodeTuple t : node.getValue()) {
      if (t.getKeyNode() instanceof ScalarNode s && s.getValue().equals(key)) {
        return s;
      }
    }
    return null;
  }
}
