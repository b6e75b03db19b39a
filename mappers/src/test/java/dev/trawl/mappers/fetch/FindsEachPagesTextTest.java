package dev.trawl.mappers.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trawl.mappers.TestHost;
import dev.trawl.mappers.TestHosts;
import dev.trawl.mappers.warc.WarcValidator;
import dev.trawl.round.RoundCounter;
import dev.trawl.schema.ManifestRecord;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.netpreserve.jwarc.WarcConversion;
import org.netpreserve.jwarc.WarcReader;
import org.netpreserve.jwarc.WarcRecord;

/**
 * Each page's main text goes to the WET file, its boilerplate left out, with the languages detected
 * in it; real pages: three news-like pages with navigation, cookie note, sidebar and footer under a
 * template's lang="en" (German, French, Japanese; the German also in ISO-8859-1 named by the header,
 * the Japanese in Shift_JIS named only by its meta tag), two pages of Debian's documentation HTML
 * (libffi's Texinfo manual with its Next/Up navigation, libxslt's API reference), a plain-text page
 * and a PDF.
 */
class FindsEachPagesTextTest {
  @RegisterExtension
  final TestHosts hosts = new TestHosts();
  @TempDir
  Path tmp;

  private static String page(String name) throws Exception {
    try (InputStream in = FindsEachPagesTextTest.class.getResourceAsStream("/pages/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void eachPagesMainTextAndLanguagesGoToTheWetFileBesideItsResponse() throws Exception {
    TestHost h = hosts.start("127.0.0.2");
    h.on("/robots.txt", 404, "text/plain", "");
    for (String name : List.of("de.html", "fr.html", "ja.html", "The-Basics.html", "libxslt-transform.html")) {
      h.on("/" + name, 200, "text/html; charset=utf-8", page(name));
    }
    // The same pages in other charsets: one named by the header, one only by the page's meta tag.
    serve(h, "/de-latin1.html", "text/html; charset=ISO-8859-1", page("de.html").getBytes(StandardCharsets.ISO_8859_1));
    serve(h, "/ja-sjis.html", "text/html", page("ja.html").replace("<meta charset=\"utf-8\">", "<meta charset=\"Shift_JIS\">")
        .getBytes(java.nio.charset.Charset.forName("Shift_JIS")));
    // Past the size where a page's text stops being worth its cost (and its memory): no text.
    h.on("/huge.html", 200, "text/html; charset=utf-8", "<html><body>" + "<p>A paragraph of a very long page.</p>".repeat(60_000) + "</body></html>");
    String plain = "This is a plain text file. It has no markup at all, and every line of it is its text.\nA second line.";
    h.on("/notes.txt", 200, "text/plain; charset=utf-8", plain);
    h.on("/paper.pdf", 200, "application/pdf", "%PDF-1.4 not really a PDF, but no text is taken from PDFs");
    List<String> names = List.of("de.html", "fr.html", "ja.html", "The-Basics.html", "libxslt-transform.html", "notes.txt", "paper.pdf",
        "de-latin1.html", "ja-sjis.html", "huge.html");
    Path warc = tmp.resolve("test.warc.gz");
    Path wet = tmp.resolve("test.warc.wet.gz");
    TaskHarness run;
    try (OutputStream warcOut = Files.newOutputStream(warc); OutputStream wetOut = Files.newOutputStream(wet)) {
      run = TaskHarness.runWithTexts(FetchTaskTest.settings(), warcOut, wetOut, names.stream().map(n -> h.url("/" + n)).toList());
    }

    Map<String, String> languages = Map.of("de.html", "deu", "fr.html", "fra", "ja.html", "jpn", "The-Basics.html", "eng",
        "libxslt-transform.html", "eng", "notes.txt", "eng");
    for (var e : languages.entrySet()) {
      ManifestRecord m = run.record(h.url("/" + e.getKey()));
      String text = textAt(wet, m);
      assertEquals(m.getTextLength(), text.length(), e.getKey());
      assertEquals(e.getValue(), m.getTextLanguages().split(",")[0], e.getKey() + ": " + text);
    }
    // What a page declares stays beside what its text is: the template says en, the text is German.
    ManifestRecord de = run.record(h.url("/de.html"));
    assertEquals("en", de.getContentLanguages());
    String german = textAt(wet, de);
    assertTrue(german.contains("Die Stadtbibliothek öffnet am Montag ihre neuen Räume") && german.contains("ursprünglichen Schätzung"), german);
    for (String boilerplate : List.of("Cookies", "Startseite", "Impressum", "Datenschutz", "Wetter")) {
      assertFalse(german.contains(boilerplate), boilerplate + " is boilerplate: " + german);
    }
    assertFalse(textAt(wet, run.record(h.url("/fr.html"))).contains("Ce site utilise des cookies"));
    assertFalse(textAt(wet, run.record(h.url("/ja.html"))).contains("クッキー"));
    String basics = textAt(wet, run.record(h.url("/The-Basics.html")));
    assertTrue(basics.contains("libffi assumes that you have a pointer to the function you wish to call"), basics);
    assertFalse(basics.contains("Next:"), "the manual's navigation is left out: " + basics);
    assertTrue(run.record(h.url("/libxslt-transform.html")).getTextLength() > 10_000, "an API reference keeps its body");
    assertEquals(plain, textAt(wet, run.record(h.url("/notes.txt"))), "a plain-text page is its own text");
    ManifestRecord pdf = run.record(h.url("/paper.pdf"));
    assertNull(pdf.getTextLength());
    assertNull(pdf.getWetFile());
    assertEquals(8, run.count(RoundCounter.TEXTS));
    assertEquals(1, run.count(RoundCounter.TEXTS_TOO_LARGE));
    assertNull(run.record(h.url("/huge.html")).getTextLength());
    assertEquals(german, textAt(wet, run.record(h.url("/de-latin1.html"))), "the same text, whatever the page's charset");
    assertEquals(textAt(wet, run.record(h.url("/ja.html"))), textAt(wet, run.record(h.url("/ja-sjis.html"))));

    // jwarc reads every conversion record back, each naming the response it was made from.
    try (WarcReader reader = new WarcReader(wet)) {
      int conversions = 0;
      for (WarcRecord r : reader) {
        if (r instanceof WarcConversion c) {
          conversions++;
          ManifestRecord m = run.record(c.target());
          assertEquals(m.getWarcRecordId(), "<" + c.refersTo().orElseThrow() + ">", c.target());
          assertEquals(m.getTextLanguages(), c.headers().first("WARC-Identified-Content-Language").orElse(null));
        }
      }
      assertEquals(8, conversions);
    }
    WarcValidator.Result valid = WarcValidator.validate(wet);
    assertTrue(valid.valid(), valid.output());
  }

  private static void serve(TestHost h, String path, String contentType, byte[] body) {
    h.handle(path, e -> {
      e.getResponseHeaders().set("Content-Type", contentType);
      e.sendResponseHeaders(200, body.length);
      try (OutputStream out = e.getResponseBody()) {
        out.write(body);
      }
    });
  }

  /** The text of the conversion record the manifest points at. */
  private static String textAt(Path wet, ManifestRecord m) throws Exception {
    try (FileChannel channel = FileChannel.open(wet)) {
      channel.position(m.getWetOffset());
      try (WarcReader reader = new WarcReader(channel)) {
        WarcConversion c = (WarcConversion) reader.next().orElseThrow();
        assertEquals(m.getUrl(), c.target());
        return new String(c.body().stream().readAllBytes(), StandardCharsets.UTF_8);
      }
    }
  }
}
