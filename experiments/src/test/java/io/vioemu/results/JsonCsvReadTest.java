package io.vioemu.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reading a run directory's JSON and CSV: text kept as written, errors with their place. */
class JsonCsvReadTest {
  @Test
  void shouldKeepNumbersAsWrittenWhenReadingJson() throws BadRunDirectoryException {
    Object root = Json.parse("m.json", "{\"a\":0.953400,\"b\":[1e9,-3],\"c\":null,\"d\":true}");
    assertEquals(
        Map.of("a", "0.953400", "b", List.of("1e9", "-3"), "c", "null", "d", "true"), root);
  }

  @Test
  void shouldNameLineAndColumnWhenAKeyAppearsTwice() {
    BadRunDirectoryException e =
        assertThrows(
            BadRunDirectoryException.class, () -> Json.parse("m.json", "{\"a\":1,\n\"a\":2}"));
    assertTrue(e.getMessage().startsWith("m.json:2:"), e.getMessage());
    assertTrue(e.getMessage().contains("not valid JSON"), e.getMessage());
  }

  @Test
  void shouldRefuseTrailingContentWhenADocumentIsFollowedByMore() {
    BadRunDirectoryException e =
        assertThrows(BadRunDirectoryException.class, () -> Json.parse("m.json", "{}\n{}"));
    assertTrue(e.getMessage().contains("more after the document"), e.getMessage());
  }

  @Test
  void shouldNameTheLineWhenATimeSeriesRowIsShort() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> TimeSeriesCsv.parse("point,series,tPs,value\n0,\"a,b\",0,1\n\n0,a,1\n", 1));
    assertEquals("line 4: expected 4 fields (point,series,tPs,value), found 3", e.getMessage());
  }
}
