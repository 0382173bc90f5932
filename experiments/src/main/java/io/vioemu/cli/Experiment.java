package io.vioemu.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.parser.Parser;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;

/**
 * An experiment file, validated before anything runs. Every error names the file, line, column and
 * field. Only the node tree is composed (no object construction), so no YAML tag can instantiate
 * anything.
 *
 * <p>A file names a model, a seed and an end time, optionally a calibration {@link Profile} whose
 * costs become {@code cost.*} parameters. Structured sections ({@code topology}, {@code hosts},
 * {@code vms}, {@code workload}, {@code schedule}, {@code outputs}) describe the system and lower
 * to the model's flat parameters ({@link Sections}, {@link Schedule}); {@code params} stays as the
 * expert's escape hatch, and a parameter set both ways is an error. {@code placement} and {@code
 * reference} are recorded, not lowered: neither may change a result.
 *
 * @param description the file's free-text description ("" if none)
 * @param params the model's parameters: the profile's costs, then the file's own {@code params},
 *     then {@code --set} values (each overriding the one before)
 * @param locations "file:line:column: " of {@code model}, {@code profile} and every {@code
 *     params.<name>}; a profile-supplied parameter's location is in the profile file, a {@code
 *     --set} value's is "file: --set KEY=VALUE: "
 * @param profile the selected profile, or null
 * @param profileParams the parameters whose value came from the profile (not overridden)
 * @param settings the {@code --set} overrides applied, in command-line order
 * @param sweep the parameter sweep and repetitions, or null for a single run
 * @param origins for each parameter a section set, the section key ({@code topology.hosts}, {@code
 *     schedule[1].stop[0]}); parameters absent here came from the profile or {@code params}
 * @param placement the {@code placement.strategy} ({@code contiguous} if none): a {@link
 *     io.vioemu.fabric.kernel.PlacementStrategy} config name, how the runner spreads entities over
 *     JVMs; it changes speed, never a result
 * @param outputDir where results go when {@code --out} is not given: {@code outputs.dir}, else
 *     {@code results/<name>}
 * @param references the {@code reference} entries, in file order
 */
record Experiment(
    Path file,
    String name,
    String description,
    String model,
    long seed,
    long endPs,
    Map<String, String> params,
    Map<String, String> locations,
    Profile profile,
    Set<String> profileParams,
    List<Setting> settings,
    Sweep sweep,
    Map<String, String> origins,
    String placement,
    Path outputDir,
    List<Reference> references) {
  private static final java.util.Set<String> SAFE_TAGS =
      java.util.Set.of(
          "tag:yaml.org,2002:str",
          "tag:yaml.org,2002:int",
          "tag:yaml.org,2002:float",
          "tag:yaml.org,2002:bool",
          "tag:yaml.org,2002:null",
          "tag:yaml.org,2002:map",
          "tag:yaml.org,2002:seq");
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

  /** The top-level fields {@code --set} may override: all but {@code params} and {@code sweep}. */
  static final List<String> SETTABLE_KEYS =
      List.of("name", "description", "model", "profile", "seed", "endUs", "repetitions");

  /** The largest {@code endUs} whose picoseconds fit a {@code long}. */
  static final long MAX_END_US = Long.MAX_VALUE / 1_000_000L;

  /**
   * Limits against hostile documents: aliases of mappings or lists (billion laughs), the nodes a
   * document expands to once every alias is followed, nesting depth, and size.
   */
  static final int MAX_COLLECTION_ALIASES = 50;

  static final int MAX_EXPANDED_NODES = 100_000;
  static final int MAX_DEPTH = 64;
  static final int MAX_CODE_POINTS = 1 << 20;

  /**
   * One {@code --set KEY=VALUE}: a top-level field ({@code seed=7}), a section key ({@code
   * vms.ioModel=xen}), or a model parameter ({@code params.hosts=4}, or {@code hosts=4}: a key that
   * is neither is a parameter).
   *
   * @param arg the argument as given, which errors name
   * @param param whether it sets a model parameter
   * @param bare a parameter named without {@code params.}: it may be a misspelt top-level field
   * @param section whether it sets a key of a section ({@code key} is its dotted path)
   */
  record Setting(
      String arg, String key, String value, boolean param, boolean bare, boolean section) {
    static Setting parse(String arg) {
      int eq = arg.indexOf('=');
      String key = eq < 0 ? "" : arg.substring(0, eq).strip();
      if (eq < 0 || key.isEmpty() || key.equals("params.")) {
        throw new UsageException(
            "--set '" + arg + "': expected KEY=VALUE, e.g. --set seed=7 or --set params.hosts=4");
      }
      String value = arg.substring(eq + 1);
      if (key.startsWith("params.")) {
        return new Setting(arg, key.substring("params.".length()), value, true, false, false);
      }
      if (key.equals("sweep") || key.startsWith("sweep.")) {
        throw new UsageException(
            "--set '"
                + arg
                + "': field 'sweep' cannot be set from the command line; edit the file, or fix one"
                + " parameter of a copy of it");
      }
      if (key.equals("params")) {
        throw new UsageException(
            "--set '"
                + arg
                + "': field 'params' is a mapping; set one parameter with --set params.NAME=VALUE");
      }
      String head = key.contains(".") ? key.substring(0, key.indexOf('.')) : key;
      if (head.equals("schedule") || head.equals("reference")) {
        throw new UsageException(
            "--set '"
                + arg
                + "': field '"
                + head
                + "' is a list of entries and cannot be set from the command line; edit the file");
      }
      if (SectionKey.isSectionPath(key)) {
        return new Setting(arg, key, value, false, false, true);
      }
      return SETTABLE_KEYS.contains(key)
          ? new Setting(arg, key, value, false, false, false)
          : new Setting(arg, key, value, true, true, false);
    }

    static List<Setting> parseAll(List<String> args) {
      List<Setting> out = new ArrayList<>();
      if (args != null) {
        args.forEach(a -> out.add(parse(a)));
      }
      return List.copyOf(out);
    }
  }

  /**
   * A {@code --set} value in the node tree, so it goes through exactly the checks a value in the
   * file does; errors name the argument instead of a line.
   */
  static final class SetNode extends ScalarNode {
    final String arg;

    SetNode(Setting s) {
      super(Tag.STR, s.value(), ScalarStyle.PLAIN);
      this.arg = s.arg();
    }
  }

  static Experiment load(Path file) {
    return load(file, List.of());
  }

  /** Reads and checks {@code file}, then applies {@code settings} as if the file said so. */
  static Experiment load(Path file, List<Setting> settings) {
    byte[] bytes;
    try {
      if (Files.size(file) > 4L * MAX_CODE_POINTS) {
        throw new UsageException(
            file + ":1:1: the file is larger than " + 4 * MAX_CODE_POINTS + " bytes");
      }
      bytes = Files.readAllBytes(file);
    } catch (java.nio.file.NoSuchFileException e) {
      throw new UsageException(file + ": no such file");
    } catch (IOException e) {
      throw new UsageException(file + ": cannot read: " + Main.oneLine(e));
    }
    return fromTree(file, compose(file.toString(), utf8(file.toString(), bytes)), settings);
  }

  /** Strict UTF-8: a byte sequence that is not UTF-8 is an error at its line and column. */
  static String utf8(String label, byte[] bytes) {
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length + 1);
    CoderResult r = decoder.decode(in, out, true);
    if (r.isError()) {
      int line = 1;
      int column = 1;
      for (int i = 0; i < in.position(); i++) {
        if (bytes[i] == '\n') {
          line++;
          column = 1;
        } else if ((bytes[i] & 0xC0) != 0x80) {
          column++;
        }
      }
      throw new UsageException(
          label
              + ":"
              + line
              + ":"
              + column
              + ": the file is not UTF-8 text (byte 0x"
              + String.format("%02x", bytes[in.position()] & 0xff)
              + ")");
    }
    decoder.flush(out);
    return out.flip().toString();
  }

  /**
   * The node tree of a YAML document; {@code label} names it in errors (a path, or a resource).
   * Exactly one document; no duplicate keys, recursive aliases, unsafe tags; bounded alias
   * expansion, nesting and size.
   */
  static Node compose(String label, String text) {
    LoadSettings settings =
        LoadSettings.builder()
            .setLabel(label)
            .setAllowDuplicateKeys(false)
            .setAllowRecursiveKeys(false)
            .setMaxAliasesForCollections(MAX_COLLECTION_ALIASES)
            .setCodePointLimit(MAX_CODE_POINTS)
            .build();
    checkPrintable(label, text);
    MarkingParser parser =
        new MarkingParser(label, new ParserImpl(settings, new StreamReader(settings, text)));
    Node root;
    try {
      root =
          new Composer(settings, parser)
              .getSingleNode()
              .orElseThrow(
                  () ->
                      new UsageException(
                          label + ":1:1: the file is empty (no YAML document, only comments)"));
    } catch (MarkedYamlEngineException e) {
      Mark m = e.getProblemMark().orElse(null);
      throw new UsageException(
          at(label, m) + "YAML syntax error: " + Main.oneLine(e).replaceAll("\\s+", " "));
    } catch (YamlEngineException e) {
      // Limits (aliases, size) are reported without a position: use the last event read.
      throw new UsageException(
          at(label, parser.last) + "YAML error: " + Main.oneLine(e).replaceAll("\\s+", " "));
    }
    new TreeCheck(label).check(root, "");
    return root;
  }

  /**
   * YAML allows tab, line breaks and printable characters only; the reader says so without a place.
   */
  private static void checkPrintable(String label, String text) {
    int line = 1;
    int column = 1;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      if (!StreamReader.isPrintable(cp)) {
        throw new UsageException(
            label
                + ":"
                + line
                + ":"
                + column
                + ": YAML syntax error: control character U+"
                + String.format("%04X", cp)
                + " is not allowed");
      }
      if (cp == '\n') {
        line++;
        column = 1;
      } else {
        column++;
      }
      i += Character.charCount(cp);
    }
  }

  /** Remembers where the parser is, and refuses documents nested deeper than {@link #MAX_DEPTH}. */
  private static final class MarkingParser implements Parser {
    private final String label;
    private final Parser delegate;
    private Mark last;
    private int depth;

    MarkingParser(String label, Parser delegate) {
      this.label = label;
      this.delegate = delegate;
    }

    @Override
    public boolean checkEvent(Event.ID id) {
      return delegate.checkEvent(id);
    }

    @Override
    public Event peekEvent() {
      return delegate.peekEvent();
    }

    @Override
    public boolean hasNext() {
      return delegate.hasNext();
    }

    @Override
    public Event next() {
      Event e = delegate.next();
      e.getStartMark().ifPresent(m -> last = m);
      switch (e.getEventId()) {
        case MappingStart, SequenceStart -> {
          if (++depth > MAX_DEPTH) {
            throw new UsageException(
                at(label, last)
                    + "YAML error: mappings and lists nested more than "
                    + MAX_DEPTH
                    + " deep");
          }
        }
        case MappingEnd, SequenceEnd -> depth--;
        default -> {}
      }
      return e;
    }
  }

  /**
   * Walks the composed tree once: duplicate keys, tags other than plain YAML's, recursive aliases,
   * and the number of nodes the document expands to when every alias is followed.
   */
  private static final class TreeCheck {
    private final String label;
    private final Map<Node, Long> expanded = new IdentityHashMap<>();
    private final Set<Node> open = Collections.newSetFromMap(new IdentityHashMap<>());

    TreeCheck(String label) {
      this.label = label;
    }

    long check(Node node, String field) {
      Long known = expanded.get(node);
      if (known != null) {
        return known;
      }
      String name = field.isEmpty() ? "(top level)" : field;
      if (!open.add(node)) {
        throw new UsageException(
            at(label, node) + "field '" + name + "': an alias may not refer to its own ancestor");
      }
      checkTag(label, node, name);
      long size = 1;
      if (node instanceof MappingNode m) {
        Set<String> keys = new HashSet<>();
        for (NodeTuple t : m.getValue()) {
          Node k = t.getKeyNode();
          String key = k instanceof ScalarNode s ? s.getValue() : "(key)";
          String path = field.isEmpty() ? key : field + "." + key;
          if (k instanceof ScalarNode && !keys.add(key)) {
            throw new UsageException(at(label, k) + "field '" + path + "' appears twice");
          }
          size += check(k, field.isEmpty() ? "(key)" : field + ".(key)");
          size += check(t.getValueNode(), path);
          tooBig(node, name, size);
        }
      } else if (node instanceof SequenceNode s) {
        int i = 0;
        for (Node item : s.getValue()) {
          size += check(item, name + "[" + i++ + "]");
          tooBig(node, name, size);
        }
      }
      open.remove(node);
      expanded.put(node, size);
      return size;
    }

    private void tooBig(Node node, String field, long size) {
      if (size > MAX_EXPANDED_NODES) {
        throw new UsageException(
            at(label, node)
                + "field '"
                + field
                + "': expands to more than "
                + MAX_EXPANDED_NODES
                + " values once its aliases are followed (an alias bomb?)");
      }
    }
  }

  private static Experiment fromTree(Path file, Node root, List<Setting> settings) {
    String label = file.toString();
    MappingNode top = mapping(label, root, "(top level)");
    Map<String, Node> fields = fields(label, top, TOP_KEYS, "");
    for (Setting s : settings) {
      if (!s.param() && !s.section()) {
        fields.put(s.key(), new SetNode(s));
      }
    }
    String name = scalar(label, require(label, top, fields, "name"), "name");
    if (!name.matches(NAME_PATTERN)) {
      throw new UsageException(
          at(label, fields.get("name")) + "field 'name': use letters, digits, '.', '_' or '-'");
    }
    String description =
        fields.containsKey("description")
            ? scalar(label, fields.get("description"), "description")
            : "";
    Map<String, String> locations = new LinkedHashMap<>();
    String model = scalar(label, require(label, top, fields, "model"), "model");
    locations.put("model", at(label, fields.get("model")));
    long seed =
        fields.containsKey("seed")
            ? number(label, fields.get("seed"), "seed", Long.MIN_VALUE, Long.MAX_VALUE)
            : 1;
    long endUs = number(label, require(label, top, fields, "endUs"), "endUs", 1, MAX_END_US);
    Params p = new Params(locations);
    Profile profile = null;
    if (fields.containsKey("profile")) {
      Node node = fields.get("profile");
      locations.put("profile", at(label, node));
      String value = scalar(label, node, "profile");
      // A --set path is the user's, typed at a shell: relative to the working directory.
      Path base =
          node instanceof SetNode
              ? Path.of("").toAbsolutePath()
              : file.toAbsolutePath().getParent();
      profile = Profile.selectIn(base, value, at(label, node));
      for (Map.Entry<String, Profile.Constant> c : profile.costs().entrySet()) {
        String param = Profile.PARAM_PREFIX + c.getKey();
        p.put(param, Long.toString(c.getValue().value()), c.getValue().where(), null);
        p.fromProfile.add(param);
      }
    }
    Sections sections = new Sections(label, model, locations.get("model"));
    for (String section : SectionKey.SECTIONS) {
      if (fields.containsKey(section) && !LISTS.contains(section)) {
        sections.read(section, keyNode(top, section), fields.get(section));
      }
    }
    sections.values().values().forEach(v -> p.put(v.param(), v.value(), v.location(), v.field()));
    Map<String, Node> fileParams = new LinkedHashMap<>();
    if (fields.containsKey("params")) {
      for (NodeTuple t : mapping(label, fields.get("params"), "params").getValue()) {
        String key = scalar(label, t.getKeyNode(), "params");
        Sections.Lowered lowered = sections.values().get(key);
        if (lowered != null) {
          throw alreadySet(label, t.getKeyNode(), "params." + key, key, lowered);
        }
        fileParams.put(key, t.getValueNode());
        p.put(
            key,
            scalar(label, t.getValueNode(), "params." + key),
            at(label, t.getValueNode()),
            null);
      }
    }
    Map<String, Node> overridden = new LinkedHashMap<>();
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
    Schedule schedule = null;
    if (fields.containsKey("schedule")) {
      sections.checkApplies("schedule", keyNode(top, "schedule"));
      schedule = Schedule.lower(label, fields.get("schedule"), endUs, p.values);
      for (Sections.Lowered v : schedule.lowered()) {
        if (overridden.containsKey(v.param())) {
          continue; // the command line wins, as over any value in the file
        }
        if (fileParams.containsKey(v.param())) {
          throw alreadySet(
              label,
              v,
              new Sections.Lowered(
                  v.param(), "", "params." + v.param(), p.locations.get("params." + v.param())));
        }
        if (p.origins.containsKey(v.param())) {
          throw alreadySet(
              label,
              v,
              new Sections.Lowered(
                  v.param(), "", p.origins.get(v.param()), p.locations.get("params." + v.param())));
        }
        p.put(v.param(), v.value(), v.location(), v.field());
      }
    }
    long repetitions =
        fields.containsKey("repetitions")
            ? number(label, fields.get("repetitions"), "repetitions", 1, Sweep.MAX_POINTS)
            : 1;
    Sweep sweep = null;
    if (fields.containsKey("sweep") || repetitions > 1) {
      sweep =
          Sweep.parse(
              label,
              keyNode(top, fields.containsKey("sweep") ? "sweep" : "repetitions"),
              fields.get("sweep"),
              fields.get("repetitions"),
              (int) repetitions,
              overridden,
              sections,
              schedule);
    }
    checkVmsHaveAnIoModel(label, sections, p.values, sweep);
    List<Reference> references = List.of();
    if (fields.containsKey("reference")) {
      sections.checkApplies("reference", keyNode(top, "reference"));
      Set<String> names = new java.util.TreeSet<>(Sections.knownParams(model));
      if (!names.isEmpty()) {
        names.addAll(SectionKey.paramsOf(model));
      }
      references = Reference.parseAll(label, fields.get("reference"), model, names);
    }
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
        List.copyOf(settings),
        sweep,
        p.origins,
        placement == null ? SectionKey.PLACEMENTS.get(0) : placement.value(),
        outputDir == null ? Path.of("results", name) : Path.of(outputDir.value()),
        references);
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

  /**
   * The experiment at one sweep point: its swept values override the parameters, and their
   * locations are the sweep values' lines (so a value the model refuses is reported there).
   */
  Experiment at(Sweep.Point point) {
    Map<String, String> p = new LinkedHashMap<>(params);
    Map<String, String> l = new LinkedHashMap<>(locations);
    Map<String, String> o = new LinkedHashMap<>(origins);
    Set<String> fromProfile = new LinkedHashSet<>(profileParams);
    point.params().forEach(p::put);
    point.locations().forEach((k, v) -> l.put("params." + k, v));
    for (int i = 0; i < sweep.names().size(); i++) {
      o.put(sweep.names().get(i), "sweep.params." + sweep.given().get(i));
    }
    fromProfile.removeAll(point.params().keySet());
    return new Experiment(
        file,
        name,
        description,
        model,
        point.seed(),
        endPs,
        p,
        l,
        profile,
        fromProfile,
        settings,
        null,
        o,
        placement,
        outputDir,
        references);
  }

  /**
   * The field that set parameter {@code param}: a section key ({@code workload.messageBytes}), a
   * sweep's ({@code sweep.params.vms.ioModel}), or {@code params.<param>}.
   */
  String fieldOf(String param) {
    return origins.getOrDefault(param, "params." + param);
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

  /** Experiment and profile names: they become directory and file names. */
  static final String NAME_PATTERN = "[A-Za-z0-9._-]+";

  static Map<String, Node> fields(
      String label, MappingNode node, List<String> allowed, String prefix) {
    Map<String, Node> out = new LinkedHashMap<>();
    for (NodeTuple t : node.getValue()) {
      String key = scalar(label, t.getKeyNode(), prefix + "(key)");
      if (!allowed.contains(key)) {
        throw new UsageException(
            at(label, t.getKeyNode())
                + "unknown field '"
                + prefix
                + key
                + "'"
                + Suggest.closest(key, allowed)
                    .map(s -> ", did you mean '" + s + "'?")
                    .orElse("; expected one of " + allowed));
      }
      if (out.put(key, t.getValueNode()) != null) {
        throw new UsageException(
            at(label, t.getKeyNode()) + "field '" + prefix + key + "' appears twice");
      }
    }
    return out;
  }

  static Node require(String label, Node parent, Map<String, Node> fields, String key) {
    return require(label, parent, fields, key, "");
  }

  static Node require(
      String label, Node parent, Map<String, Node> fields, String key, String prefix) {
    Node n = fields.get(key);
    if (n == null) {
      throw new UsageException(at(label, parent) + "field '" + prefix + key + "' is missing");
    }
    return n;
  }

  /** Only plain YAML types; a tag such as {@code !!java.net.URL} is refused, not ignored. */
  static void checkTag(String label, Node node, String field) {
    String tag = node.getTag().getValue();
    if (!SAFE_TAGS.contains(tag)) {
      throw new UsageException(
          at(label, node) + "field '" + field + "': YAML tag '" + tag + "' is not allowed");
    }
  }

  static MappingNode mapping(String label, Node node, String field) {
    checkTag(label, node, field);
    if (node instanceof MappingNode m) {
      return m;
    }
    throw new UsageException(at(label, node) + "field '" + field + "': expected a mapping");
  }

  static String scalar(String label, Node node, String field) {
    checkTag(label, node, field);
    if (node instanceof ScalarNode s) {
      return s.getValue();
    }
    throw new UsageException(at(label, node) + "field '" + field + "': expected a single value");
  }

  static long number(String label, Node node, String field, long min) {
    return number(label, node, field, min, Long.MAX_VALUE);
  }

  static long number(String label, Node node, String field, long min, long max) {
    String v = scalar(label, node, field);
    long n;
    try {
      n = Long.parseLong(v.replace("_", ""));
    } catch (NumberFormatException e) {
      throw new UsageException(
          at(label, node)
              + "field '"
              + field
              + "': expected an integer"
              + (v.replace("_", "").matches("[-+]?[0-9]+") ? " within a 64-bit long" : "")
              + ", got '"
              + v
              + "'");
    }
    if (n < min) {
      throw new UsageException(
          at(label, node) + "field '" + field + "': must be >= " + min + ", was " + n);
    }
    if (n > max) {
      throw new UsageException(
          at(label, node) + "field '" + field + "': must be <= " + max + ", was " + n);
    }
    return n;
  }

  /** "file:line:column: " of a field ({@code model}, {@code params.x}), or "file: " if unknown. */
  String where(String field) {
    return locations.getOrDefault(field, file + ": ");
  }

  /** The {@code --set} argument that set parameter {@code param}, if one did. */
  Optional<Setting> setting(String param) {
    Setting found = null;
    for (Setting s : settings) {
      if (s.param() && s.key().equals(param)) {
        found = s;
      }
    }
    return Optional.ofNullable(found);
  }

  static String at(String label, Node node) {
    if (node instanceof SetNode s) {
      return label + ": --set " + s.arg + ": ";
    }
    return at(label, node == null ? null : node.getStartMark().orElse(null));
  }

  static String at(String label, Mark mark) {
    if (mark == null) {
      return label + ": ";
    }
    return label + ":" + (mark.getLine() + 1) + ":" + (mark.getColumn() + 1) + ": ";
  }
}
