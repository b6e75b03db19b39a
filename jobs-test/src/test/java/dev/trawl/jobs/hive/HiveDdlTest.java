package dev.trawl.jobs.hive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trawl.schema.ManifestRecord;
import java.util.List;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class HiveDdlTest {

  @Test
  void everyColumnCommentFitsTheHiveMetastore() {
    // The metastore keeps a column's comment in 256 characters and refuses the table otherwise.
    for (Schema.Field f : ManifestRecord.getClassSchema().getFields()) {
      assertTrue(f.doc() == null || f.doc().length() <= 256, () -> f.name() + "'s doc is " + f.doc().length() + " characters");
    }
  }

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
    assertTrue(ddl.contains("PARTITIONED BY (`round` STRING COMMENT "), "the folder's own value, so MSCK and ADD PARTITION agree");
    // Spark SQL refuses STORED AS AVRO beside ROW FORMAT SERDE; the formats named one by one, every engine accepts.
    assertTrue(!ddl.contains("STORED AS AVRO"), ddl);
    assertTrue(ddl.contains("ROW FORMAT SERDE 'org.apache.hadoop.hive.serde2.avro.AvroSerDe'\n"));
    assertTrue(ddl.contains("STORED AS INPUTFORMAT 'org.apache.hadoop.hive.ql.io.avro.AvroContainerInputFormat'\n"
        + "OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.avro.AvroContainerOutputFormat'\n"));
    assertTrue(ddl.contains("LOCATION 'file:/data/c1/manifest';"));
    assertTrue(ddl.contains("COMMENT 'The host\\'s registered domain"), "a quote in a doc is escaped");
  }

  @Test
  void s3aRootsAreWrittenAsS3AndEachFinishedRoundGetsItsAddPartitionLine() {
    String ddl = new HiveDdl("s3a://bucket/crawls/c1/", "analytics.crawl_c1").create(List.of(1, 2));
    assertTrue(ddl.contains("CREATE EXTERNAL TABLE IF NOT EXISTS analytics.crawl_c1 ("));
    assertTrue(ddl.contains("LOCATION 's3://bucket/crawls/c1/manifest';"), ddl);
    assertTrue(ddl.contains("\nMSCK REPAIR TABLE analytics.crawl_c1;\n"));
    assertTrue(ddl.contains("-- ALTER TABLE analytics.crawl_c1 ADD IF NOT EXISTS PARTITION (`round`='0002') LOCATION 's3://bucket/crawls/c1/manifest/round=0002';"));
    assertTrue(ddl.contains("-- ALTER TABLE analytics.crawl_c1 SET TBLPROPERTIES ('projection.enabled'='true', 'projection.round.type'='integer', "
        + "'projection.round.range'='1,2', 'projection.round.digits'='4', 'storage.location.template'='s3://bucket/crawls/c1/manifest/round=${round}');"), ddl);
  }

  @Test
  void theParquetCopysTableReadsManifestParquet() {
    String ddl = new HiveDdl("s3://bucket/c1", HiveDdl.Format.PARQUET.defaultTable(), HiveDdl.Format.PARQUET, HiveDdl.Engine.HIVE)
        .create(List.of(3));
    assertTrue(ddl.contains("CREATE EXTERNAL TABLE IF NOT EXISTS trawl_manifest_parquet ("), ddl);
    assertTrue(ddl.contains("\nSTORED AS PARQUET\nLOCATION 's3://bucket/c1/manifest-parquet';"), ddl);
    assertTrue(!ddl.contains("SERDE"), ddl);
    assertTrue(ddl.contains("PARTITION (`round`='0003') LOCATION 's3://bucket/c1/manifest-parquet/round=0003';"), ddl);
  }

  @Test
  void sparksOwnTableListsRoundAmongItsColumns() {
    String ddl = new HiveDdl("s3://bucket/c1", "m", HiveDdl.Format.AVRO, HiveDdl.Engine.SPARK).create(List.of(1));
    assertTrue(ddl.contains("CREATE TABLE IF NOT EXISTS m ("), ddl);
    assertTrue(ddl.contains("  `round` STRING COMMENT 'The round, as its folder names it: 0001, 0002, ...'\n)\nUSING avro\n"), ddl);
    assertTrue(ddl.contains("\nPARTITIONED BY (`round`)\nLOCATION 's3://bucket/c1/manifest';"), ddl);
    assertTrue(!ddl.contains("projection"), "partition projection is Athena's");
  }

  @Test
  void theCommonCrawlViewIsWrittenInEachEnginesSql() {
    String hive = new HiveDdl("s3a://bucket/c1", "m", HiveDdl.Format.PARQUET, HiveDdl.Engine.HIVE).create(List.of(1));
    assertTrue(hive.contains("CREATE VIEW IF NOT EXISTS m_ccindex AS") && hive.contains("`round` AS warc_segment")
        && hive.contains("CAST(from_unixtime(CAST(fetch_time / 1000 AS BIGINT)) AS TIMESTAMP) AS fetch_time") && hive.contains("'s3://bucket/c1' AS crawl"), hive);
    // Athena reads no view Hive created, and has no IF NOT EXISTS for views, nor backquotes.
    String athena = new HiveDdl("s3a://bucket/c1", "m", HiveDdl.Format.PARQUET, HiveDdl.Engine.ATHENA).create(List.of(1));
    assertTrue(athena.contains("CREATE EXTERNAL TABLE IF NOT EXISTS m (") && athena.contains("projection.enabled"), athena);
    String view = athena.substring(athena.indexOf("CREATE OR REPLACE VIEW m_ccindex AS"));
    assertTrue(view.contains("\"round\" AS warc_segment") && view.contains("CAST(from_unixtime(fetch_time / 1000.0) AS TIMESTAMP)"), view);
    assertFalse(view.contains("`") || view.contains("\\"), "no backquote, no backslash: " + view);
  }

  @Test
  void anUnknownFormatOrEngineIsRefusedByName() {
    assertEquals("--format 'orc' is not a manifest format: avro or parquet",
        assertThrows(IllegalArgumentException.class, () -> HiveDdl.Format.parse("orc")).getMessage());
    assertEquals("--engine 'presto' is not one trawl writes for: hive (also Spark SQL), spark or athena",
        assertThrows(IllegalArgumentException.class, () -> HiveDdl.Engine.parse("presto")).getMessage());
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
