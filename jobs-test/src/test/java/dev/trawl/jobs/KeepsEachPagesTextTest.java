package dev.trawl.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trawl.schema.ManifestRecord;
import dev.trawl.testsupport.ChangingSite;
import dev.trawl.testsupport.ChangingSite.Page;
import dev.trawl.testsupport.ChangingSite.Validators;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A crawl keeps each page's main text in its round's WET files, committed with the round: the manifest
 * says how long it is and which languages it is in, `trawl get --text` prints it, and the round's
 * status checks the folder like the others.
 */
class KeepsEachPagesTextTest {
  private static final Instant T = Instant.parse("2026-10-01T08:00:00Z");
  private static final String NAV = "<nav><a href=\"/\">Startseite</a> <a href=\"/de\">Nachrichten</a> <a href=\"/en\">News</a></nav>"
      + "<div id=\"cookie-banner\">Diese Website verwendet Cookies. Einverstanden</div>";
  private static final String FOOTER = "<footer>Impressum und Datenschutz</footer>";

  @TempDir
  Path tmp;

  private static String page(String lang, String title, String... paragraphs) {
    StringBuilder body = new StringBuilder();
    for (String p : paragraphs) {
      body.append("<p>").append(p).append("</p>");
    }
    return "<!doctype html><html lang=\"" + lang + "\"><head><meta charset=\"utf-8\"><title>" + title + "</title></head><body>" + NAV
        + "<main><article><h1>" + title + "</h1>" + body + "</article></main>" + FOOTER + "</body></html>";
  }

  @Test
  void eachRoundKeepsItsPagesTextsAndGetTextPrintsOne() throws Exception {
    try (ChangingSite site = ChangingSite.start("127.0.0.9")) {
      site.put("/", Page.of(page("en", "Stadtanzeiger",
          "Die Stadtbibliothek öffnet am Montag ihre neuen Räume im ehemaligen Bahnhofsgebäude, nach zwei Jahren Umbau.",
          "Besonders die Lesesäle sind für Schülerinnen und Schüler gedacht, die zu Hause keinen ruhigen Platz zum Lernen haben."),
          T, Validators.LAST_MODIFIED));
      site.put("/de", Page.of(page("de", "Nachrichten", "Der Stadtrat hat den Umbau im vergangenen Herbst nach langer Diskussion beschlossen, "
          + "und die Kosten lagen am Ende etwas unter der ursprünglichen Schätzung der Verwaltung."), T, Validators.LAST_MODIFIED));
      site.put("/en", Page.of(page("en", "News", "The city library opens its new rooms in the old railway station on Monday, "
          + "after two years of building work, with more than a hundred thousand books."), T, Validators.LAST_MODIFIED));
      LocalCrawl crawl = new LocalCrawl(tmp);
      crawl.crawl(crawl.writeSeeds("seeds.txt", site.url("/") + "\n"), "--delay", "0", "-D", "trawl.text=true");

      Map<String, ManifestRecord> byPath = crawl.read("manifest/round=0001", ManifestRecord.class).stream()
          .collect(Collectors.toMap(m -> m.getUrl().substring(site.url("").length()), Function.identity()));
      byPath.putAll(crawl.read("manifest/round=0002", ManifestRecord.class).stream()
          .collect(Collectors.toMap(m -> m.getUrl().substring(site.url("").length()), Function.identity())));
      assertEquals("deu", byPath.get("/").getTextLanguages(), "detected from the text, whatever the template declares");
      assertEquals("en", byPath.get("/").getContentLanguages());
      assertEquals("deu", byPath.get("/de").getTextLanguages());
      assertEquals("eng", byPath.get("/en").getTextLanguages());
      assertTrue(Files.exists(crawl.root().resolve("wet/round=0001/fetch-00000.warc.wet.gz")));
      assertTrue(Files.exists(crawl.root().resolve("wet/round=0001/_SUCCESS")), "committed with the round");

      LocalCrawl.Run text = crawl.ok("get", "--crawl", crawl.uri(), "--text", site.url("/"));
      assertTrue(text.out().contains("Die Stadtbibliothek öffnet am Montag") && text.out().contains("keinen ruhigen Platz"), text.out());
      for (String boilerplate : List.of("Startseite", "Cookies", "Impressum")) {
        assertFalse(text.out().contains(boilerplate), text.out());
      }
      assertEquals(byPath.get("/").getTextLength() + 1, text.out().length(), "the text, and a newline");
      LocalCrawl.Run status = crawl.ok("status", "--crawl", crawl.uri());
      assertFalse(status.out().contains("wet/round"), "every round's WET folder is whole: " + status.out());

      Files.delete(crawl.root().resolve("wet/round=0001/_SUCCESS"));
      LocalCrawl.Run damaged = crawl.trawl("status", "--crawl", crawl.uri());
      assertTrue(damaged.out().contains("wet/round=0001"), "status checks the WET folder: " + damaged.out());
    }
  }

  @Test
  void aCrawlCanGoWithoutTexts() throws Exception {
    try (ChangingSite site = ChangingSite.start("127.0.0.9")) {
      site.put("/", Page.of(page("en", "home", "A page with a few words of text on it, enough to have a language."), T, Validators.LAST_MODIFIED));
      LocalCrawl crawl = new LocalCrawl(tmp);
      // Off unless asked for: it costs about as much CPU again as the rest of a page's work.
      crawl.crawl(crawl.writeSeeds("seeds.txt", site.url("/") + "\n"), "--delay", "0");
      assertFalse(Files.exists(crawl.root().resolve("wet")));
      ManifestRecord m = crawl.read("manifest/round=0001", ManifestRecord.class).get(0);
      assertEquals(null, m.getTextLength());
      LocalCrawl.Run text = crawl.trawl("get", "--crawl", crawl.uri(), "--text", site.url("/"));
      assertTrue(text.exit() != 0 && text.err().contains("texts are kept for HTML and plain-text pages with trawl.text on"), text.err());
    }
  }
}
