package dev.trawl.mappers.text;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import opennlp.tools.langdetect.Language;
import opennlp.tools.langdetect.LanguageDetectorME;
import opennlp.tools.langdetect.LanguageDetectorModel;

/**
 * The languages of a text, detected with Apache OpenNLP's language detector and its 103-language
 * model (ISO 639-3 codes, as Common Crawl's content_languages). The model takes about 29 MB of heap
 * and half a second to load, once per JVM, on first use; a detector per thread shares it.
 */
public final class Languages {
  /** What detection reads of a text: a page's language shows in its first few thousand characters. */
  static final int SAMPLE_CHARS = 3_000;
  /** Below this many letters a text says too little to name its language. */
  static final int MIN_LETTERS = 20;
  /** A language besides the most likely one is named when the detector gives it at least this much. */
  static final double OTHER_LANGUAGE_CONFIDENCE = 0.3;
  static final int MAX_LANGUAGES = 3;

  private static final class Model {
    static final LanguageDetectorModel INSTANCE = load();

    private static LanguageDetectorModel load() {
      try (InputStream in = Languages.class.getClassLoader().getResourceAsStream("langdetect-183.bin")) {
        if (in == null) {
          throw new IllegalStateException("langdetect-183.bin (org.apache.opennlp:opennlp-models-langdetect) is not on the classpath");
        }
        return new LanguageDetectorModel(in);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read OpenNLP's language model", e);
      }
    }
  }

  private static final ThreadLocal<LanguageDetectorME> DETECTOR = ThreadLocal.withInitial(() -> new LanguageDetectorME(Model.INSTANCE));

  private Languages() {}

  /** The text's languages, most likely first; empty if it is too short to tell. */
  public static List<String> of(String text) {
    String sample = text.length() > SAMPLE_CHARS ? text.substring(0, SAMPLE_CHARS) : text;
    if (sample.codePoints().filter(Character::isLetter).limit(MIN_LETTERS).count() < MIN_LETTERS) {
      return List.of();
    }
    Language[] ranked = DETECTOR.get().predictLanguages(sample);
    List<String> languages = new ArrayList<>();
    for (Language l : ranked) {
      if (languages.isEmpty() || (l.getConfidence() >= OTHER_LANGUAGE_CONFIDENCE && languages.size() < MAX_LANGUAGES)) {
        languages.add(l.getLang());
      }
    }
    return languages;
  }
}
