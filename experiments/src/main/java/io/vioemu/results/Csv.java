package io.vioemu.results;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The CSV files of a run directory (RFC 4180, {@code \n} line ends), written and read with one
 * configuration. A field is quoted only when it holds a comma, a quote or a line break, so plain
 * names and numbers stay plain.
 */
final class Csv {
  private static final CsvMapper MAPPER =
      CsvMapper.builder()
          .enable(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING)
          .enable(CsvParser.Feature.WRAP_AS_ARRAY)
          .enable(CsvParser.Feature.SKIP_EMPTY_LINES)
          .build();
  private static final CsvSchema SCHEMA = CsvSchema.emptySchema().withLineSeparator("\n");

  private Csv() {}

  /** One record of a file, with the line it starts on (from 1). */
  record Row(int line, List<String> fields) {}

  /** The records, each as its fields, in order. */
  static String write(List<List<String>> rows) {
    StringWriter out = new StringWriter();
    try (CsvGenerator g = (CsvGenerator) MAPPER.getFactory().createGenerator(out)) {
      g.setSchema(SCHEMA);
      for (List<String> row : rows) {
        g.writeStartArray();
        for (String field : row) {
          g.writeString(field);
        }
        g.writeEndArray();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("writing CSV to memory", e);
    }
    return out.toString();
  }

  /**
   * The records of {@code text}, blank lines skipped.
   *
   * @throws IllegalArgumentException naming the line when the text is not CSV
   */
  static List<Row> read(String text) {
    List<Row> rows = new ArrayList<>();
    try (CsvParser p = (CsvParser) MAPPER.getFactory().createParser(text)) {
      p.setSchema(SCHEMA);
      JsonToken t = p.nextToken(); // the array that wraps the file
      while (t != null && (t = p.nextToken()) == JsonToken.START_ARRAY) {
        int line = p.currentLocation().getLineNr();
        List<String> fields = new ArrayList<>();
        while (p.nextToken() == JsonToken.VALUE_STRING) {
          fields.add(p.getText());
        }
        rows.add(new Row(line, fields));
      }
    } catch (IOException e) {
      throw new IllegalArgumentException(e.getMessage().replaceAll("\\s+", " ").strip(), e);
    }
    return rows;
  }
}
