package dev.trawl.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.trawl.mappers.text.Languages;
import dev.trawl.mappers.text.MainText;
import dev.trawl.round.CrawlLayout;
import dev.trawl.round.RoundSummary;
import dev.trawl.schema.FetchStatus;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.jsoup.Jsoup;

/**
 * What keeping each page's text costs (issue 26), on real pages: the HTML documentation Debian's
 * packages install on this machine (/usr/share/doc), served from four loopback hosts. One round over
 * all of them at delay 0, in local mode, with trawl.text on and off, alternated, medians: the round's
 * seconds and pages per CPU-second of the fetch tasks; the main text's and languages' own CPU per page
 * (Readability and OpenNLP on the same pages, one thread's CPU clock) against the fetch tasks' CPU per
 * page with text off; and bytes stored per page in warc/, wet/, cdxj/ and manifest/. Prints a table,
 * then JSON.
 */
public final class TextBench {
  private static final int RUNS = Integer.getInteger("runs", 3);
  private static final int HOSTS = 4;

  private TextBench() {}

  public static void main(String[] args) throws Exception {
    Path work = Path.of(args[0]);
    Path docs = Path.of(System.getProperty("docs", "/usr/share/doc"));
    List<Path> pages;
    try (Stream<Path> files = Files.walk(docs)) {
      pages = files.filter(p -> p.toString().endsWith(".html") && Files.isRegularFile(p)).sorted().toList();
    }
    if (pages.size() < 20) {
      throw new IllegalStateException("only " + pages.size() + " HTML files under " + docs + ": install a few -doc packages");
    }
    List<HttpServer> servers = new ArrayList<>();
    try {
      int port = 0;
      for (int h = 0; h < HOSTS; h++) {
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0." + (2 + h)), port), 0);
        port = s.getAddress().getPort();
        s.createContext("/", e -> {
          Path file = e.getRequestURI().getPath().equals("/robots.txt") ? null : docs.resolve(e.getRequestURI().getPath().substring(1)).normalize();
          byte[] body = file != null && file.startsWith(docs) && Files.isRegularFile(file) ? Files.readAllBytes(file) : new byte[0];
          e.getResponseHeaders().set("Content-Type", file == null ? "text/plain" : "text/html; charset=utf-8");
          e.sendResponseHeaders(body.length == 0 ? 404 : 200, body.length == 0 ? -1 : body.length);
          try (OutputStream out = e.getResponseBody()) {
            out.write(body);
          }
        });
        s.start();
        servers.add(s);
      }
      List<String> urls = new ArrayList<>();
      for (int i = 0; i < pages.size(); i++) {
        urls.add("http://127.0.0." + (2 + i % HOSTS) + ":" + port + "/" + docs.relativize(pages.get(i)));
      }
      Path seeds = Files.writeString(work.resolve("seeds.txt"), String.join("\n", urls) + "\n");

      Map<String, List<double[]>> runs = new LinkedHashMap<>();
      Path withText = null;
      int n = 0;
      for (int run = 0; run < RUNS; run++) {
        for (boolean on : new boolean[] {true, false}) {
          Path root = work.resolve("c" + n++);
          LocalCrawls.crawl(root, seeds, Map.of("trawl.text", Boolean.toString(on)), "--delay", "0", "--fetch-lists", "1");
          RoundSummary s = RoundSummary.parse(Files.readString(root.resolve(CrawlLayout.summaryName(1))));
          long fetched = s.status(FetchStatus.fetched);
          runs.computeIfAbsent(on ? "text on" : "text off", k -> new ArrayList<>())
              .add(new double[] {s.seconds(), fetched / s.resources().fetch().cpuSeconds(), fetched});
          if (on) {
            withText = root;
          }
        }
      }
      // The text's own cost, on the same pages: Readability over a parsed page, then OpenNLP.
      List<String> html = new ArrayList<>();
      for (Path p : pages) {
        html.add(new String(Files.readAllBytes(p), StandardCharsets.UTF_8));
      }
      textCpuSeconds(html, 2);
      int reps = 5;
      double textCpuPerPage = textCpuSeconds(html, reps) / (reps * (double) html.size());
      double parseCpuPerPage = parseCpuSeconds(html, reps) / (reps * (double) html.size());
      double onPagesPerCpu = median(runs.get("text on"), 1);
      double offPagesPerCpu = median(runs.get("text off"), 1);
      double fetchCpuPerPage = 1 / offPagesPerCpu;
      long pagesFetched = (long) runs.get("text on").get(0)[2];
      Map<String, Double> bytesPerPage = new LinkedHashMap<>();
      for (String folder : List.of("warc", "wet", "cdxj", "manifest")) {
        bytesPerPage.put(folder, LocalCrawls.bytes(withText.resolve(folder + "/round=0001")) / (double) pagesFetched);
      }

      System.out.printf(Locale.ROOT, "%d pages of %s on %d loopback hosts, one round at delay 0, local mode, %d runs each, medians%n",
          pagesFetched, docs, HOSTS, RUNS);
      System.out.printf(Locale.ROOT, "%-44s %10s %10s %8s%n", "", "text on", "text off", "on/off");
      System.out.printf(Locale.ROOT, "%-44s %10.2f %10.2f %8.3f%n", "round seconds", median(runs.get("text on"), 0),
          median(runs.get("text off"), 0), median(runs.get("text on"), 0) / median(runs.get("text off"), 0));
      System.out.printf(Locale.ROOT, "%-44s %10.1f %10.1f %8.3f%n", "pages per fetch-task CPU-second", onPagesPerCpu, offPagesPerCpu,
          onPagesPerCpu / offPagesPerCpu);
      System.out.printf(Locale.ROOT, "%-44s %10.2f%n", "main text + languages, CPU ms per page", textCpuPerPage * 1e3);
      System.out.printf(Locale.ROOT, "%-44s %10.2f%n", "jsoup parse alone, CPU ms per page", parseCpuPerPage * 1e3);
      System.out.printf(Locale.ROOT, "%-44s %10.2f%n", "fetch tasks with text off, CPU ms per page", fetchCpuPerPage * 1e3);
      System.out.printf(Locale.ROOT, "%-44s %10.3f%n", "text / today's per-page CPU", textCpuPerPage / fetchCpuPerPage);
      bytesPerPage.forEach((k, v) -> System.out.printf(Locale.ROOT, "%-44s %10.0f%n", "bytes per page, " + k, v));
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("pages", pagesFetched);
      json.put("runs", runs);
      json.put("text_cpu_ms_per_page", textCpuPerPage * 1e3);
      json.put("parse_cpu_ms_per_page", parseCpuPerPage * 1e3);
      json.put("fetch_cpu_ms_per_page_text_off", fetchCpuPerPage * 1e3);
      json.put("bytes_per_page", bytesPerPage);
      System.out.println(new ObjectMapper().writeValueAsString(json));
    } finally {
      servers.forEach(s -> s.stop(0));
    }
  }

  /**
   * CPU seconds of this thread for {@code reps} passes of main text and languages over the pages (each
   * parsed first: not counted), skipping those the fetch task gives no text for their size.
   */
  private static double textCpuSeconds(List<String> html, int reps) {
    var bean = ManagementFactory.getThreadMXBean();
    long cpu = 0;
    for (int r = 0; r < reps; r++) {
      for (String page : html) {
        if (page.getBytes(StandardCharsets.UTF_8).length > MainText.MAX_HTML_BYTES) {
          continue; // as the fetch task does: no text for a page that large
        }
        var doc = Jsoup.parse(page, "http://127.0.0.2/");
        long start = bean.getCurrentThreadCpuTime();
        String text = MainText.of(doc, "http://127.0.0.2/");
        if (text != null) {
          Languages.of(text);
        }
        cpu += bean.getCurrentThreadCpuTime() - start;
      }
    }
    return cpu / 1e9;
  }

  private static double parseCpuSeconds(List<String> html, int reps) {
    var bean = ManagementFactory.getThreadMXBean();
    long start = bean.getCurrentThreadCpuTime();
    for (int r = 0; r < reps; r++) {
      for (String page : html) {
        Jsoup.parse(page, "http://127.0.0.2/");
      }
    }
    return (bean.getCurrentThreadCpuTime() - start) / 1e9;
  }

  private static double median(List<double[]> values, int column) {
    List<Double> s = new ArrayList<>(values.stream().map(v -> v[column]).toList());
    s.sort(null);
    return s.get((s.size() - 1) / 2);
  }
}
