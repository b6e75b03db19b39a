package dev.trawl.mappers.text;

import dev.trawl.mappers.http.HttpFetcher;
import dev.trawl.mappers.output.FetchSink;
import dev.trawl.mappers.output.StorageFault;
import dev.trawl.mappers.warc.WarcOutput;
import dev.trawl.round.RoundCounter;
import dev.trawl.schema.ManifestRecord;
import java.io.IOException;
import java.util.List;

/**
 * A fetch task's texts: each page's main text, its languages detected, written to the task's WET
 * file as a conversion record that refers to the page's response record, and noted in the page's
 * manifest record (text_length, text_languages, and where the record is).
 */
public final class PageTexts {
  private final WarcOutput wet;
  private final FetchSink sink;

  public PageTexts(WarcOutput wet, FetchSink sink) {
    this.wet = wet;
    this.sink = sink;
  }

  /** @param text the page's main text (null or blank: the page has none, and nothing is written) */
  public void write(HttpFetcher.Response r, WarcOutput.Pointer response, String text, ManifestRecord.Builder m) {
    if (text == null || text.isBlank()) {
      sink.count(RoundCounter.TEXTS_EMPTY, 1);
      return;
    }
    List<String> languages = Languages.of(text);
    WarcOutput.Pointer p;
    try {
      p = wet.writeConversion(r.uri(), r.start(), response.recordId(), text, languages);
    } catch (IOException e) {
      throw new StorageFault("cannot write the WET file", e);
    }
    m.setTextLength(text.length()).setTextLanguages(languages.isEmpty() ? null : String.join(",", languages))
        .setWetFile(p.file()).setWetOffset(p.offset()).setWetLength(p.length());
    sink.count(RoundCounter.TEXTS, 1);
  }
}
