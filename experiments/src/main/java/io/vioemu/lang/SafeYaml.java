package io.vioemu.lang;

import static io.vioemu.lang.YamlFields.at;
import static io.vioemu.lang.YamlFields.checkTag;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import org.snakeyaml.engine.v2.api.LoadSettings;
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
import org.snakeyaml.engine.v2.parser.Parser;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;

/**
 * Safe YAML reading: strict UTF-8, printable characters, exactly one document, and only the node
 * tree is composed (no object construction), so no YAML tag can instantiate anything. Aliases,
 * nesting and size are bounded against hostile documents; errors name the file, line and column.
 */
final class SafeYaml {
  private SafeYaml() {}

  /**
   * Limits against hostile documents: aliases of mappings or lists (billion laughs), the nodes a
   * document expands to once every alias is followed, nesting depth, and size.
   */
  static final int MAX_COLLECTION_ALIASES = 50;

  static final int MAX_EXPANDED_NODES = 100_000;
  static final int MAX_DEPTH = 64;
  static final int MAX_CODE_POINTS = 1 << 20;

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
          at(label, m) + "YAML syntax error: " + Messages.oneLine(e).replaceAll("\\s+", " "));
    } catch (YamlEngineException e) {
      // Limits (aliases, size) are reported without a position: use the last event read.
      throw new UsageException(
          at(label, parser.last) + "YAML error: " + Messages.oneLine(e).replaceAll("\\s+", " "));
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
}
