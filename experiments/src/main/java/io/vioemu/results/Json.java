package io.vioemu.results;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON files of a run directory, written and read with one configuration. Fields are written in
 * the order the writer gives them, on one line, and numbers exactly as given (a decimal keeps its
 * digits, never an exponent). Reading gives maps, lists and strings: a scalar stays the text the
 * writer wrote, so a number is never rounded on its way into the report.
 */
final class Json {
  private static final JsonFactory FACTORY =
      JsonFactory.builder()
          .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .build();

  private Json() {}

  /** What writes one document's content with a generator. */
  interface Body {
    void writeTo(JsonGenerator g) throws IOException;
  }

  /** The document {@code body} writes, then a line break. */
  static String write(Body body) {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      body.writeTo(g);
    } catch (IOException e) {
      throw new UncheckedIOException("writing JSON to memory", e);
    }
    return out.append('\n').toString();
  }

  /** The document's tree; {@code label} names the file in errors. */
  static Object parse(String label, String text) throws BadRunDirectoryException {
    try (JsonParser p = FACTORY.createParser(text)) {
      if (p.nextToken() == null) {
        throw new BadRunDirectoryException(label + ": empty file");
      }
      Object root = tree(p);
      if (p.nextToken() != null) {
        throw new BadRunDirectoryException(
            at(label, p.currentLocation()) + "not valid JSON: more after the document");
      }
      return root;
    } catch (JsonProcessingException e) {
      throw new BadRunDirectoryException(
          at(label, e.getLocation()) + "not valid JSON: " + oneLine(e.getOriginalMessage()));
    } catch (IOException e) {
      throw new BadRunDirectoryException(label + ": not valid JSON: " + oneLine(e.getMessage()));
    }
  }

  /** The value at the parser's current token, which it leaves on the value's last token. */
  private static Object tree(JsonParser p) throws IOException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.START_OBJECT) {
      Map<String, Object> out = new LinkedHashMap<>();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        p.nextToken();
        out.put(name, tree(p));
      }
      return out;
    }
    if (t == JsonToken.START_ARRAY) {
      List<Object> out = new ArrayList<>();
      while (p.nextToken() != JsonToken.END_ARRAY) {
        out.add(tree(p));
      }
      return out;
    }
    return p.getText();
  }

  private static String at(String label, JsonLocation where) {
    return where == null || where.getLineNr() < 1
        ? label + ": "
        : label + ":" + where.getLineNr() + ":" + where.getColumnNr() + ": ";
  }

  private static String oneLine(String m) {
    return m == null ? "" : m.replaceAll("\\s+", " ").strip();
  }
}
