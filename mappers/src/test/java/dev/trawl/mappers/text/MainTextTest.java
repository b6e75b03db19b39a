package dev.trawl.mappers.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;

class MainTextTest {
  @Test
  void aShortPageKeepsItsTextInBlocks() {
    String html = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>S</title></head><body>"
        + "<nav><a href=\"/\">Startseite</a> <a href=\"/de\">Nachrichten</a></nav><div class=\"cc-cookie-consent\">Wir verwenden Cookies</div>"
        + "<main><article><h1>Stadtanzeiger</h1><p>Die Stadtbibliothek öffnet am <b>Montag</b> ihre neuen Räume.</p>"
        + "<p>Besonders die Lesesäle sind für Schüler gedacht.</p></article></main><footer>Impressum</footer></body></html>";
    String text = MainText.of(Jsoup.parse(html, "http://example.org/"), "http://example.org/");
    assertTrue(text != null && text.contains("Die Stadtbibliothek öffnet am Montag ihre neuen Räume.\nBesonders die Lesesäle"), text);
    assertTrue(!text.contains("Cookies"), "a cookie notice is no part of a page's text, however short the page: " + text);
  }

  @Test
  void anIndexPageHasNoText() {
    StringBuilder links = new StringBuilder();
    for (int i = 0; i < 40; i++) {
      links.append("<li><a href=\"/doc/").append(i).append("\">Chapter ").append(i).append(": a section of the manual</a></li>");
    }
    String html = "<html><head><title>Index</title></head><body><h1>Index</h1><ul>" + links + "</ul></body></html>";
    assertNull(MainText.of(Jsoup.parse(html, "http://example.org/"), "http://example.org/"));
  }

  @Test
  void detectsTheLanguagesOfTexts() {
    assertEquals(List.of("deu"), Languages.of("Die Stadtbibliothek öffnet am Montag ihre neuen Räume im ehemaligen Bahnhofsgebäude."));
    assertEquals(List.of(), Languages.of("OK"), "too short to tell");
  }
}
