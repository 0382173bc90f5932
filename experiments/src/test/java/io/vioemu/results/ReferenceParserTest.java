package io.vioemu.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReferenceParserTest {
  private static List<ParsedReference> parse(String yaml) {
    ExperimentFile f = ExperimentFile.of("exp.yaml", yaml);
    assertNull(f.problem(), f.problem());
    return f.references();
  }

  @Test
  void shouldReadEveryFieldWhenTheEntryIsComplete() {
    List<ParsedReference> refs =
        parse(
            String.join(
                "\n",
                "name: x",
                "reference:",
                "  - id: small-loss",
                "    description: strict vs off",
                "    source: OLS 2007",
                "    metric: results.goodputBitsPerSec",
                "    where: {messageBytes: [64, 1_024], io.iommu: strict}",
                "    relativeTo: {io.iommu: off}",
                "    aggregate: min",
                "    value: 0.55",
                "    tolerance: 0.15",
                ""));
    assertEquals(1, refs.size());
    Reference r = refs.get(0).reference();
    assertNotNull(r, refs.get(0).problem());
    assertEquals("small-loss", r.id());
    assertEquals("strict vs off", r.description());
    assertEquals("OLS 2007", r.source());
    assertEquals("results.goodputBitsPerSec", r.metric());
    assertEquals(
        Map.of("messageBytes", List.of("64", "1024"), "io.iommu", List.of("strict")), r.where());
    assertEquals(Map.of("io.iommu", "off"), r.relativeTo());
    assertEquals(Reference.Aggregate.MIN, r.aggregate());
    assertEquals(0, new BigDecimal("0.55").compareTo(r.value()));
    assertEquals(0, new BigDecimal("0.15").compareTo(r.tolerance()));
  }

  @Test
  void shouldShowTheNoteWithTheDescriptionWhenTheEntryHasOne() {
    Reference r =
        parse(
                "reference:\n  - {id: a, description: d, note: why not, source: s,"
                    + " metric: results.x, value: 1, tolerance: 0}\n")
            .get(0)
            .reference();
    assertEquals("d Note: why not", r.description());
  }

  @Test
  void shouldDefaultToEachAndNoConditionsWhenOptionalFieldsAreAbsent() {
    Reference r =
        parse(
                "reference:\n  - {id: a, source: s, metric: entities.8.port8.drops, value: 0,"
                    + " tolerance: 1_000}\n")
            .get(0)
            .reference();
    assertEquals(Reference.Aggregate.EACH, r.aggregate());
    assertTrue(r.where().isEmpty());
    assertTrue(r.relativeTo().isEmpty());
    assertEquals(0, new BigDecimal(1000).compareTo(r.tolerance()));
  }

  @Test
  void shouldReturnNothingWhenTheFileHasNoReferences() {
    assertTrue(parse("name: x\nmodel: phold\n").isEmpty());
    assertTrue(ReferenceParser.parse(null).isEmpty());
    assertTrue(ReferenceParser.parse(List.of("not", "a", "mapping")).isEmpty());
  }

  @Test
  void shouldExplainEachUnusableEntryWhenTheListHoldsJunk() {
    List<ParsedReference> refs =
        parse(
            String.join(
                "\n",
                "reference:",
                "  - just a string",
                "  - {id: no-source, metric: results.x, value: 1, tolerance: 0}",
                "  - {id: bad-metric, source: s, metric: goodput, value: 1, tolerance: 0}",
                "  - {id: bad-value, source: s, metric: results.x, value: lots, tolerance: 0}",
                "  - {id: negative, source: s, metric: results.x, value: 1, tolerance: -0.1}",
                "  - {id: bad-agg, source: s, metric: results.x, value: 1, tolerance: 0,"
                    + " aggregate: median}",
                "  - {id: bad-where, source: s, metric: results.x, value: 1, tolerance: 0,"
                    + " where: [a]}",
                "  - {id: nested, source: s, metric: results.x, value: 1, tolerance: 0,"
                    + " where: {a: [[1]]}}",
                "  - {source: s, metric: results.x, value: 1, tolerance: 0}",
                ""));
    assertEquals(9, refs.size());
    refs.forEach(r -> assertNull(r.reference(), r.id()));
    assertEquals("#1", refs.get(0).id());
    assertTrue(refs.get(0).problem().contains("not a mapping"), refs.get(0).problem());
    assertTrue(refs.get(1).problem().contains("no 'source'"), refs.get(1).problem());
    assertTrue(refs.get(2).problem().contains("results.<key>"), refs.get(2).problem());
    assertTrue(refs.get(3).problem().contains("'value' is 'lots'"), refs.get(3).problem());
    assertTrue(refs.get(4).problem().contains(">= 0"), refs.get(4).problem());
    assertTrue(refs.get(5).problem().contains("median"), refs.get(5).problem());
    assertTrue(refs.get(6).problem().contains("'where'"), refs.get(6).problem());
    assertTrue(refs.get(7).problem().contains("where.a"), refs.get(7).problem());
    assertEquals("#9", refs.get(8).id());
    assertTrue(refs.get(8).problem().contains("no 'id'"), refs.get(8).problem());
  }

  @Test
  void shouldReportOneUnusableEntryWhenReferenceIsNotAList() {
    List<ParsedReference> refs = parse("reference: {id: a}\n");
    assertEquals(1, refs.size());
    assertTrue(refs.get(0).problem().contains("not a list"), refs.get(0).problem());
  }
}
