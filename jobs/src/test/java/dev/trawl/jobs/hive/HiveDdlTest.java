package dev.trawl.jobs.hive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trawl.schema.ManifestRecord;
import java.util.List;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class HiveDdlTest {
  @Test
  void everyManifestFieldIsAColumnInSchemaOrder() {
    String ddl = new HiveDdl("file:/data/c1", "trawl_manifest").create(List.of());
    int at = 0;
    for (Schema.Field f : ManifestRecord.getClassSchema().getFields()) {
      int i = ddl.indexOf("\n  `" + f.name() + "` ");
      assertTrue(i > at, f.name() + " is a column, after the previous one");
      at = i;
    }
    assertTrue(ddl.contains("`fetch_time` BIGINT"));
    assertTrue(ddl.contains("`status` STRING"), "enums are strings");
    assertTrue(ddl.contains("`content_truncated` BOOLEAN"));
    assertTrue(ddl.contains("PARTITIONED BY (`round` INT)"));
    assertTrue(ddl.contains("LOCATION 'file:/data/c1/manifest';"));
    assertTrue(ddl.contains("COMMENT 'The host\\'s registered domain"), "a quote in a doc is escaped");
  }

  @Test
  void s3aRootsAreWrittenAsS3AndEachFinishedRoundGetsItsAddPartitionLine() {
    String ddl = new HiveDdl("s3a://bucket/crawls/c1/", "analytics.crawl_c1").create(List.of(1, 2));
    assertTrue(ddl.contains("CREATE EXTERNAL TABLE IF NOT EXISTS analytics.crawl_c1 ("));
    assertTrue(ddl.contains("LOCATION 's3://bucket/crawls/c1/manifest';"), ddl);
    assertTrue(ddl.contains("\nMSCK REPAIR TABLE analytics.crawl_c1;\n"));
    assertTrue(ddl.contains("-- ALTER TABLE analytics.crawl_c1 ADD IF NOT EXISTS PARTITION (`round`=2) LOCATION 's3://bucket/crawls/c1/manifest/round=0002';"));
  }

  @Test
  void theSchemaLiteralNeedsNoEscapingAndReadsBackAsTheManifestSchema() {
    String literal = HiveDdl.literal(ManifestRecord.getClassSchema());
    assertTrue(!literal.contains("'") && !literal.contains("\"doc\""));
    Schema parsed = new Schema.Parser().parse(literal);
    assertEquals(ManifestRecord.getClassSchema().getFields().size(), parsed.getFields().size());
    assertEquals(ManifestRecord.getClassSchema().getFullName(), parsed.getFullName());
  }

  @Test
  void aTableNameHiveCannotTakeIsRefusedByName() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new HiveDdl("file:/data/c1", "my-table"));
    assertEquals("--table 'my-table' is not a Hive table name (letters, digits and _, optionally database.table)", e.getMessage());
  }
}
