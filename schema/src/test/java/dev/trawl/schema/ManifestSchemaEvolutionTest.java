package dev.trawl.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificDatumReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A crawl outlives schema changes: manifest files of round 1, written before the Common Crawl style
 * fields were added (schema v1, kept in test resources exactly as it shipped), must still read with
 * today's schema, the new fields taking their defaults.
 */
class ManifestSchemaEvolutionTest {
  @TempDir
  Path tmp;

  private static Schema v1() throws IOException {
    try (InputStream in = ManifestSchemaEvolutionTest.class.getResourceAsStream("/schema-history/ManifestRecord-v1.avsc")) {
      return new Schema.Parser().parse(in);
    }
  }

  @Test
  void aRoundWrittenWithSchemaV1ReadsWithTheCurrentSchema() throws Exception {
    Schema v1 = v1();
    File round1 = tmp.resolve("part-r-00000.avro").toFile();
    GenericRecord old = new GenericData.Record(v1);
    old.put("url", "http://example.org/a?b=1");
    old.put("host", "example.org");
    old.put("depth", 0);
    old.put("fetch_time", 1_700_000_000_000L);
    old.put("status", new GenericData.EnumSymbol(v1.getField("status").schema(), "fetched"));
    old.put("http_status", 200);
    old.put("content_type", "text/html");
    old.put("content_length", 1234L);
    old.put("digest", "sha1:ABC");
    old.put("title", "A");
    old.put("outlink_count", 3);
    old.put("warc_file", "warc/round=0001/fetch-00000.warc.gz");
    old.put("warc_offset", 456L);
    old.put("warc_length", 789L);
    for (Schema.Field f : v1.getFields()) {
      if (old.get(f.name()) == null && f.hasDefaultValue()) {
        old.put(f.name(), GenericData.get().getDefaultValue(f));
      }
    }
    try (DataFileWriter<GenericRecord> w = new DataFileWriter<>(new GenericDatumWriter<>(v1))) {
      w.create(v1, round1);
      w.append(old);
    }

    List<ManifestRecord> read = new ArrayList<>();
    try (DataFileReader<ManifestRecord> r = new DataFileReader<>(round1, new SpecificDatumReader<>(ManifestRecord.class))) {
      r.forEach(read::add);
    }
    assertEquals(1, read.size());
    ManifestRecord m = read.get(0);
    assertEquals("http://example.org/a?b=1", m.getUrl());
    assertEquals(FetchStatus.fetched, m.getStatus());
    assertEquals(456L, m.getWarcOffset());
    assertEquals("sha1:ABC", m.getDigest());
    assertNull(m.getUrlHostRegisteredDomain(), "a v2 field reads as its default");
    assertNull(m.getContentMimeDetected());
    assertNull(m.getContentLanguages());
    assertNull(m.getDuplicateOf());
    assertNull(m.getFoundBy(), "a v4 (sitemaps) field reads as its default");
    assertNull(m.getSitemapLastmod());
    assertNull(m.getPublishedSource());
    assertNull(m.getSitemapLevel());
  }

  @Test
  void everySchemaChangeSoFarCanReadWhatTheOldOneWrote() throws Exception {
    SchemaCompatibility.SchemaPairCompatibility c =
        SchemaCompatibility.checkReaderWriterCompatibility(ManifestRecord.getClassSchema(), v1());
    assertEquals(SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE, c.getType(), c.getDescription());
    for (Schema.Field f : ManifestRecord.getClassSchema().getFields()) {
      if (v1().getField(f.name()) == null) {
        assertTrue(f.hasDefaultValue(), "a field added after v1 needs a default: " + f.name());
      }
    }
  }
}
