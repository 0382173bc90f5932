package io.vioemu.report;

import io.vioemu.report.ChartRenderer.Rendered;
import io.vioemu.report.ReferenceOutcome.Measurement;
import io.vioemu.report.ReferenceOutcome.Verdict;
import io.vioemu.results.RunDirectory;
import io.vioemu.results.RunPoint;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Builds report.html: one self-contained page (styles and SVG plots inline, no scripts, nothing
 * fetched), with every text escaped. Pure: the same inputs give the same string.
 */
final class HtmlReport {
  private static final Pattern FLOW_KEY = Pattern.compile("flow\\d+\\..+");

  private static final String STYLE =
      String.join(
          "\n",
          "body{font-family:sans-serif;margin:2em auto;max-width:1100px;padding:0 1em;"
              + "color:#222;line-height:1.4}",
          "h1{margin-bottom:.2em}",
          "h2{margin-top:2em;border-bottom:1px solid #ccc;padding-bottom:.2em}",
          "p.description{font-size:1.15em;margin-top:0;color:#444}",
          "table{border-collapse:collapse;margin:.5em 0}",
          "th,td{border:1px solid #ccc;padding:.25em .6em;text-align:left;vertical-align:top}",
          "th{background:#f3f3f3}",
          "td.num{text-align:right;font-variant-numeric:tabular-nums}",
          "table.wide{display:block;overflow-x:auto;max-width:100%}",
          ".outcome{font-weight:bold;white-space:nowrap}",
          "tr.pass .outcome{color:#17612e;background:#e3f4e8}",
          "tr.fail .outcome{color:#fff;background:#b3261e}",
          "tr.fail{background:#fbe9e7}",
          "tr.not-evaluable .outcome{color:#6b5500;background:#fff4cc}",
          "p.verdicts{font-weight:bold}",
          "span.outside{color:#b3261e;font-weight:bold}",
          "figure{margin:1.5em 0}",
          "figure svg{max-width:100%;height:auto;border:1px solid #eee}",
          "figcaption{color:#555;font-size:.9em}",
          "pre{background:#f7f7f7;border:1px solid #ddd;padding:.8em;overflow-x:auto}",
          "ul.notes{color:#6b5500}");

  private final StringBuilder out = new StringBuilder(64 * 1024);
  private final RunDirectory run;
  private final List<ReferenceOutcome> checks;
  private final List<Rendered> charts;

  private HtmlReport(RunDirectory run, List<ReferenceOutcome> checks, List<Rendered> charts) {
    this.run = run;
    this.checks = checks;
    this.charts = charts;
  }

  static String build(RunDirectory run, List<ReferenceOutcome> checks, List<Rendered> charts) {
    return new HtmlReport(run, checks, charts).page();
  }

  private String page() {
    line("<!DOCTYPE html>");
    line("<html lang=\"en\">");
    line("<head>");
    line("<meta charset=\"utf-8\">");
    line("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
    line("<title>" + esc("vioemu report: " + run.experiment()) + "</title>");
    line("<style>\n" + STYLE + "\n</style>");
    line("</head>");
    line("<body>");
    header();
    references();
    results();
    plots();
    parameters();
    input();
    runInfo();
    line("</body>");
    line("</html>");
    return out.toString();
  }

  // ---- sections

  private void header() {
    line("<h1 id=\"title\">" + esc(run.experiment()) + "</h1>");
    description().ifPresent(d -> line("<p class=\"description\">" + esc(d) + "</p>"));
    line("<table class=\"facts\" id=\"facts\">");
    fact("model", run.model());
    run.input().field("profile").ifPresent(p -> fact("profile", p));
    RunDirectory.Settings settings = run.settings();
    fact("seed", settings != null && settings.seed() != null ? settings.seed() : run.seed());
    String jvms =
        settings != null && settings.jvms() != null ? settings.jvms() : run.run().get("jvms");
    fact("JVMs", jvms == null ? "unknown (no settings.json or run.json)" : jvms);
    fact("--set overrides", overrides());
    fact("simulated time", simulatedTime());
    if (run.isSweep()) {
      RunDirectory.SweepInfo s = run.sweep();
      fact(
          "sweep",
          run.points().size()
              + " points, "
              + s.mode()
              + " over "
              + (s.params().isEmpty() ? "no parameters" : String.join(", ", s.params()))
              + (s.repetitions() > 1 ? ", " + s.repetitions() + " repetitions each" : ""));
    }
    out.append("<tr><th>files</th><td>");
    List<String> links = new ArrayList<>();
    links.add(link(RunDirectory.METRICS_JSON));
    run.files().forEach(f -> links.add(link(f)));
    out.append(String.join(", ", links)).append("</td></tr>\n");
    line("</table>");
    if (!run.notes().isEmpty()) {
      line("<ul class=\"notes\" id=\"notes\">");
      run.notes().forEach(n -> line("<li>" + esc(n) + "</li>"));
      line("</ul>");
    }
  }

  private Optional<String> description() {
    if (run.settings() != null) {
      for (String s : run.settings().set()) {
        if (s.startsWith("description=")) {
          return Optional.of(s.substring("description=".length()));
        }
      }
    }
    return run.input().field("description");
  }

  private String overrides() {
    if (run.settings() == null) {
      return "unknown (no settings.json)";
    }
    return run.settings().set().isEmpty() ? "none" : String.join("  ", run.settings().set());
  }

  private String simulatedTime() {
    return Numbers.parse(run.endPs())
        .map(ps -> Numbers.display(ps.movePointLeft(9)) + " ms (endPs " + run.endPs() + ")")
        .orElse(run.endPs());
  }

  private void references() {
    line("<h2 id=\"references\">Reference checks</h2>");
    if (checks.isEmpty()) {
      line(
          "<p>The experiment declares no reference values"
              + (run.input().text() == null ? " (or its experiment.yaml is not here)" : "")
              + ".</p>");
      return;
    }
    long pass = checks.stream().filter(c -> c.verdict() == Verdict.PASS).count();
    long fail = checks.stream().filter(c -> c.verdict() == Verdict.FAIL).count();
    long na = checks.size() - pass - fail;
    line(
        "<p class=\"verdicts\">"
            + checks.size()
            + (checks.size() == 1 ? " check: " : " checks: ")
            + pass
            + " passed, "
            + fail
            + " failed, "
            + na
            + " not evaluable.</p>");
    line("<table class=\"references\" id=\"reference-table\">");
    line(
        "<tr><th>outcome</th><th>id</th><th>description</th><th>source</th><th>measured x</th>"
            + "<th>expected</th><th>in plain words</th></tr>");
    for (ReferenceOutcome c : checks) {
      out.append("<tr class=\"")
          .append(c.verdict().word().toLowerCase(Locale.ROOT))
          .append("\" id=\"reference-")
          .append(esc(c.id()))
          .append("\">");
      cell("outcome", c.verdict().word());
      cell(null, c.id());
      cell(null, c.description());
      cell(null, c.source());
      out.append("<td>").append(measured(c)).append("</td>");
      cell(null, expected(c));
      cell(null, c.explanation());
      out.append("</tr>\n");
    }
    line("</table>");
  }

  private String measured(ReferenceOutcome c) {
    StringBuilder s = new StringBuilder();
    if (!c.comparison().isEmpty()) {
      s.append("<em>").append(esc(c.comparison())).append("</em>");
    }
    for (Measurement m : c.measured()) {
      s.append("<br>").append(esc(m.point())).append(": ");
      String x = esc(Numbers.display(m.x()));
      s.append(m.within() ? x : "<span class=\"outside\">" + x + "</span>");
    }
    if (c.aggregated() != null) {
      s.append("<br>").append(esc(c.aggregate())).append(": ");
      s.append(esc(Numbers.display(c.aggregated())));
    }
    return s.toString();
  }

  private static String expected(ReferenceOutcome c) {
    if (c.expected() == null) {
      return "";
    }
    BigDecimal low = c.expected().subtract(c.tolerance());
    BigDecimal high = c.expected().add(c.tolerance());
    return c.expectation()
        + " ("
        + Numbers.display(low)
        + " to "
        + Numbers.display(high)
        + (c.aggregate().equals("each") ? ", each value" : ", the " + c.aggregate())
        + ")";
  }

  private void results() {
    line("<h2 id=\"results\">Results</h2>");
    if (run.isSweep()) {
      sweepTable();
    } else {
      singleTable();
    }
  }

  private void singleTable() {
    Map<String, String> results = run.points().get(0).results();
    if (results.isEmpty()) {
      line("<p>The model reported no derived results; see metrics.csv for every counter.</p>");
      return;
    }
    line("<table class=\"results\" id=\"results-table\">");
    line("<tr><th>result</th><th>value</th></tr>");
    results.forEach(
        (k, v) -> {
          out.append("<tr>");
          cell(null, k);
          cell("num", v);
          out.append("</tr>\n");
        });
    line("</table>");
  }

  private void sweepTable() {
    Set<String> keys = new LinkedHashSet<>();
    run.points().forEach(p -> keys.addAll(p.results().keySet()));
    List<String> main = keys.stream().filter(k -> !FLOW_KEY.matcher(k).matches()).toList();
    List<String> flows = keys.stream().filter(k -> FLOW_KEY.matcher(k).matches()).toList();
    pointTable("results-table", main);
    if (!flows.isEmpty()) {
      line(
          "<details><summary>Per-flow results ("
              + flows.size()
              + (flows.size() == 1 ? " column" : " columns")
              + ")</summary>");
      pointTable("flow-results-table", flows);
      line("</details>");
    }
  }

  private void pointTable(String id, List<String> keys) {
    List<String> swept = new ArrayList<>(new LinkedHashSet<>(run.sweep().params()));
    run.points()
        .forEach(
            p -> p.swept().keySet().stream().filter(k -> !swept.contains(k)).forEach(swept::add));
    boolean seeds = run.sweep().repetitions() > 1;
    line("<table class=\"results wide\" id=\"" + id + "\">");
    out.append("<tr><th>point</th>");
    swept.forEach(s -> out.append("<th>").append(esc(s)).append("</th>"));
    if (seeds) {
      out.append("<th>seed</th>");
    }
    keys.forEach(k -> out.append("<th>").append(esc(k)).append("</th>"));
    out.append("</tr>\n");
    for (RunPoint p : run.points()) {
      out.append("<tr>");
      cell("num", Integer.toString(p.index()));
      swept.forEach(s -> cell(null, p.swept().getOrDefault(s, "")));
      if (seeds) {
        cell("num", p.seed());
      }
      keys.forEach(k -> cell("num", p.results().getOrDefault(k, "")));
      out.append("</tr>\n");
    }
    line("</table>");
  }

  private void plots() {
    List<Rendered> metricCharts =
        charts.stream().filter(c -> !c.spec().name().startsWith("timeseries-")).toList();
    List<Rendered> timeCharts =
        charts.stream().filter(c -> c.spec().name().startsWith("timeseries-")).toList();
    line("<h2 id=\"plots\">Plots</h2>");
    if (metricCharts.isEmpty()) {
      line(
          "<p>No plots: "
              + (run.isSweep()
                  ? "the sweep has fewer than two points, or no swept parameter changes, or the"
                      + " results are not numbers."
                  : "a single run's results are in the table above (a sweep gets plots).")
              + "</p>");
    }
    metricCharts.forEach(this::figure);
    if (!timeCharts.isEmpty()) {
      line("<h2 id=\"time-series\">Time series</h2>");
      timeCharts.forEach(this::figure);
    }
  }

  private void figure(Rendered c) {
    String name = c.spec().name();
    line("<figure id=\"plot-" + esc(name) + "\">");
    line(c.svg());
    line(
        "<figcaption>"
            + esc(c.spec().title())
            + (c.spec().logX() ? " (logarithmic x axis)" : "")
            + " &middot; "
            + "<a href=\"plots/"
            + esc(name)
            + ".png\">PNG</a> &middot; <a href=\"plots/"
            + esc(name)
            + ".svg\">SVG</a></figcaption>");
    line("</figure>");
  }

  private void parameters() {
    line("<h2 id=\"parameters\">Parameters</h2>");
    Map<String, String> params = run.sharedParams();
    if (params.isEmpty()) {
      line("<p>The run set no parameters: the model used its defaults.</p>");
      return;
    }
    line(
        "<details><summary>"
            + params.size()
            + (run.isSweep() ? " parameters shared by every point" : " parameters")
            + " (the model's defaults apply to the rest)</summary>");
    line("<table class=\"params\" id=\"params-table\">");
    line("<tr><th>parameter</th><th>value</th></tr>");
    params.forEach(
        (k, v) -> {
          out.append("<tr>");
          cell(null, k);
          cell(null, v);
          out.append("</tr>\n");
        });
    line("</table>");
    line("</details>");
  }

  private void input() {
    line("<h2 id=\"input\">Input: experiment.yaml</h2>");
    if (run.input().text() == null) {
      line("<p>This directory has no copy of the experiment file.</p>");
      return;
    }
    line("<pre id=\"experiment-yaml\">" + esc(run.input().text()) + "</pre>");
  }

  private void runInfo() {
    line("<h2 id=\"run\">Run</h2>");
    if (run.runJson() == null) {
      line("<p>This directory has no run.json.</p>");
    } else {
      line("<p>Wall-clock figures of this run (they vary between runs; the results do not).</p>");
      line("<pre id=\"run-json\">" + esc(run.runJson().strip()) + "</pre>");
    }
  }

  // ---- helpers

  private void fact(String name, String value) {
    out.append("<tr><th>").append(esc(name)).append("</th><td>").append(esc(value));
    out.append("</td></tr>\n");
  }

  private void cell(String cls, String text) {
    out.append(cls == null ? "<td>" : "<td class=\"" + cls + "\">").append(esc(text));
    out.append("</td>");
  }

  private static String link(String file) {
    return "<a href=\"" + esc(file) + "\">" + esc(file) + "</a>";
  }

  private void line(String s) {
    out.append(s).append('\n');
  }

  private static String esc(String s) {
    return Html.escape(s == null ? "" : s);
  }
}
