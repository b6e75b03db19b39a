package dev.trawl.jobs.hive;

import dev.trawl.round.CrawlLayout.RoundFolder;
import dev.trawl.round.CrawlLayout;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trawl.schema.ManifestRecord;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.apache.avro.Schema;

/**
 * The manifest's table for a crawl root, generated from the Avro schema so the two cannot drift: an
 * external table over {@code <crawl>/manifest} (or its Parquet copy, {@code <crawl>/manifest-parquet}),
 * partitioned by round, its columns and {@code avro.schema.literal} both from {@link ManifestRecord}.
 *
 * <p>The default form is one statement that Hive 3.1 (EMR), Hive 4, Spark SQL and Athena all accept:
 * the Avro table names its SerDe and its input and output formats ({@code STORED AS AVRO} beside
 * {@code ROW FORMAT SERDE} is refused by Spark SQL). The {@link Engine#SPARK} form is Spark's own
 * data source table ({@code USING avro}), which Spark reads with its native reader.
 *
 * <p>The partition column {@code round} is a STRING holding the folder's own value ({@code 0001}):
 * MSCK REPAIR TABLE registers a folder's value as written, ALTER TABLE ... ADD PARTITION registers
 * the value it is given (engines normalise an INT partition's {@code '0001'} to {@code 1} there, and
 * Spark's MSCK does not), and Athena's projection formats its value with the digits it is told. With
 * an INT column the same folder could be registered twice, as {@code 0001} and {@code 1}, and every
 * record counted twice; with a STRING column, and the statements printed here, every way gives
 * {@code '0001'}. Folders keep their names, so crawls written before read as they are.
 */
public final class HiveDdl {
  public static final String DEFAULT_TABLE = "trawl_manifest";
  private static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Which files the table reads. */
  public enum Format {
    /** {@code manifest/}: the Avro files every round writes. */
    AVRO(RoundFolder.MANIFEST.top()),
    /** {@code manifest-parquet/}: the columnar copy (trawl.manifest.parquet). */
    PARQUET(RoundFolder.MANIFEST_PARQUET.top());

    private final String folder;

    Format(String folder) {
      this.folder = folder;
    }

    /** The table's default name: trawl_manifest, trawl_manifest_parquet. */
    public String defaultTable() {
      return this == AVRO ? DEFAULT_TABLE : DEFAULT_TABLE + "_parquet";
    }

    public static Format parse(String value) {
      return switch (value) {
        case "avro" -> AVRO;
        case "parquet" -> PARQUET;
        default -> throw new IllegalArgumentException("--format '" + value + "' is not a manifest format: avro or parquet");
      };
    }
  }

  /** Whose SQL the statements are written in. */
  public enum Engine {
    /** A Hive table: Hive 3.1 and 4, Spark SQL and Athena all accept it. */
    HIVE,
    /** Spark's data source table ({@code USING avro}, {@code USING parquet}), read by Spark's native readers. */
    SPARK,
    /** The Hive table, and a view in Athena's own SQL (Trino's): Athena cannot read a view Hive created. */
    ATHENA;

    public static Engine parse(String value) {
      return switch (value) {
        case "hive" -> HIVE;
        case "athena" -> ATHENA;
        case "spark" -> SPARK;
        default -> throw new IllegalArgumentException("--engine '" + value + "' is not one trawl writes for: hive (also Spark SQL), spark or athena");
      };
    }
  }

  private final String table;
  private final String root;
  private final String location;
  private final Format format;
  private final Engine engine;

  /** The Avro table in the form every engine accepts. */
  public HiveDdl(String crawlRoot, String table) {
    this(crawlRoot, table, Format.AVRO, Engine.HIVE);
  }

  /**
   * @param crawlRoot the crawl root URI; {@code s3a://} is written {@code s3://}, the scheme Athena and EMR's Hive expect
   * @param table table name, optionally {@code database.table}
   */
  public HiveDdl(String crawlRoot, String table, Format format, Engine engine) {
    if (!TABLE_NAME.matcher(table).matches()) {
      throw new IllegalArgumentException("--table '" + table + "' is not a Hive table name (letters, digits and _, optionally database.table)");
    }
    this.table = table;
    this.format = format;
    this.engine = engine;
    String r = crawlRoot.endsWith("/") ? crawlRoot.substring(0, crawlRoot.length() - 1) : crawlRoot;
    if (r.startsWith("s3a://")) {
      r = "s3://" + r.substring("s3a://".length());
    }
    if (r.contains("'")) {
      throw new IllegalArgumentException("the crawl root " + crawlRoot + " contains a quote, which a Hive LOCATION cannot hold");
    }
    this.root = r;
    this.location = r + "/" + format.folder;
  }

  /**
   * CREATE TABLE, then the statements that pick up rounds' partitions.
   *
   * @param rounds the crawl's finished rounds, listed as the one-round-at-a-time alternative
   */
  public String create(List<Integer> rounds) {
    Schema schema = ManifestRecord.getClassSchema();
    StringBuilder b = new StringBuilder()
        .append("-- The trawl manifest of ").append(root).append(format == Format.PARQUET ? ", its Parquet copy" : "")
        .append(": one row per fetch attempt, partitioned by round.\n")
        .append(engine != Engine.SPARK
            ? "-- Generated by `trawl hive-ddl`; for Hive 3.1 (EMR) and 4 (`hive -f`), Spark SQL (`spark-sql -f`) or the Athena console.\n"
            : "-- Generated by `trawl hive-ddl --engine spark`; a Spark data source table, for `spark-sql -f` or spark.sql().\n")
        .append(engine != Engine.SPARK ? "CREATE EXTERNAL TABLE IF NOT EXISTS " : "CREATE TABLE IF NOT EXISTS ").append(table).append(" (\n");
    for (Schema.Field f : schema.getFields()) {
      b.append("  `").append(f.name()).append("` ").append(hiveType(f.schema()));
      if (f.doc() != null) {
        b.append(" COMMENT '").append(comment(f.doc())).append('\'');
      }
      b.append(",\n");
    }
    String roundColumn = "`round` STRING COMMENT 'The round, as its folder names it: 0001, 0002, ...'";
    if (engine == Engine.SPARK) {
      // A data source table lists its partition column with the others, then names it.
      b.append("  ").append(roundColumn).append("\n)\n")
          .append("USING ").append(format == Format.AVRO ? "avro" : "parquet").append('\n')
          .append("COMMENT '").append(tableComment()).append("'\n")
          .append("PARTITIONED BY (`round`)\n");
    } else {
      b.setLength(b.length() - 2);
      b.append("\n)\n")
          .append("COMMENT '").append(tableComment()).append("'\n")
          .append("PARTITIONED BY (").append(roundColumn).append(")\n");
      if (format == Format.AVRO) {
        b.append("ROW FORMAT SERDE 'org.apache.hadoop.hive.serde2.avro.AvroSerDe'\n")
            .append("WITH SERDEPROPERTIES ('avro.schema.literal'='").append(literal(schema)).append("')\n")
            .append("STORED AS INPUTFORMAT 'org.apache.hadoop.hive.ql.io.avro.AvroContainerInputFormat'\n")
            .append("OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.avro.AvroContainerOutputFormat'\n");
      } else {
        b.append("STORED AS PARQUET\n");
      }
    }
    b.append("LOCATION '").append(location).append("';\n\n")
        .append("-- Each finished round is a folder ").append(format.folder).append("/round=NNNN, its partition value the folder's own ('0001').\n")
        .append("-- After a round, pick it up with\n")
        .append(repair()).append('\n')
        .append("-- or add just that round (no listing of the whole location); either way, or both, it is one partition:\n")
        .append(rounds.isEmpty() ? "-- " + addPartition(1) + "\n"
            : String.join("\n", rounds.stream().map(r -> "-- " + addPartition(r)).toList()) + "\n");
    if (engine != Engine.SPARK) {
      int last = rounds.stream().mapToInt(Integer::intValue).max().orElse(1);
      b.append("-- On Athena, partition projection finds rounds with no statement at all (raise the range's end as rounds finish):\n")
          .append("-- ").append(projection(last)).append('\n');
    }
    return b.append('\n').append(ccIndexView()).toString();
  }

  /** The view with Common Crawl's index columns: {@code trawl_manifest_ccindex} over {@code trawl_manifest}. */
  public String viewName() {
    return table + "_ccindex";
  }

  /**
   * A view over the table with the columns of Common Crawl's columnar index (cc-index-table), named and
   * typed as there, so a query written for {@code ccindex} runs on a crawl with the table's name changed.
   * Like that index it has a row per WARC record (failures without one are left out), in subset
   * {@code warc} (2xx and revisits) or {@code crawldiagnostics} (the rest); crawl is the crawl root and
   * warc_segment the round. Written in what Hive, Spark SQL and Trino share (regexp_extract with a group,
   * no backslashes in literals), but for fetch_time, which each engine makes from epoch millis its own way.
   */
  public String ccIndexView() {
    boolean athena = engine == Engine.ATHENA;
    String roundColumn = athena ? "\"round\"" : "`round`";
    // Hive 4 refuses a number cast to a timestamp (hive.strict.timestamp.conversion); from_unixtime's text
    // (in the session's time zone, UTC on EMR) cast back is what Hive and Spark share, to the second as CC's own.
    String fetchTime = athena ? "CAST(from_unixtime(fetch_time / 1000.0) AS TIMESTAMP)"
        : "CAST(from_unixtime(CAST(fetch_time / 1000 AS BIGINT)) AS TIMESTAMP)";
    return "-- Common Crawl's index columns (cc-index-table) over this table: a query written for CC's `ccindex` runs on\n"
        + "-- " + viewName() + " unchanged but for the table's name (and crawl's value: this crawl root).\n"
        + (athena ? "CREATE OR REPLACE VIEW " : "CREATE VIEW IF NOT EXISTS ") + viewName() + " AS\nSELECT\n"
        + "  url_surtkey,\n"
        + "  url,\n"
        + "  host AS url_host_name,\n"
        + "  regexp_extract(host, '([^.]+)$', 1) AS url_host_tld,\n"
        + "  url_host_registered_domain,\n"
        + "  regexp_extract(url, '^([a-z0-9+.-]+):', 1) AS url_protocol,\n"
        + "  CAST(NULLIF(regexp_extract(url, '^[a-z0-9+.-]+://[^/?#]*:([0-9]+)([/?#]|$)', 1), '') AS INT) AS url_port,\n"
        + "  url_path,\n"
        + "  url_query,\n"
        + "  " + fetchTime + " AS fetch_time,\n"
        + "  http_status AS fetch_status,\n"
        + "  redirect_to AS fetch_redirect,\n"
        + "  regexp_replace(digest, '^sha1:', '') AS content_digest,\n"
        + "  lower(trim(regexp_extract(content_type, '^([^;]*)', 1))) AS content_mime_type,\n"
        + "  content_mime_detected,\n"
        + "  content_charset,\n"
        + "  text_languages AS content_languages,\n"
        + "  CASE WHEN content_truncated THEN 'length' END AS content_truncated,\n"
        + "  warc_file AS warc_filename,\n"
        + "  warc_offset AS warc_record_offset,\n"
        + "  warc_length AS warc_record_length,\n"
        + "  " + roundColumn + " AS warc_segment,\n"
        + "  '" + root + "' AS crawl,\n"
        + "  CASE WHEN (http_status >= 200 AND http_status < 300) OR refers_to_date IS NOT NULL THEN 'warc' ELSE 'crawldiagnostics' END AS subset\n"
        + "FROM " + table + "\n"
        + "WHERE warc_file IS NOT NULL;\n";
  }

  private String tableComment() {
    return "trawl manifest" + (format == Format.PARQUET ? " (Parquet copy)" : "") + ": one row per fetch attempt";
  }

  public String repair() {
    return "MSCK REPAIR TABLE " + table + ";";
  }

  /** Registers a round's folder under the folder's own value, the value MSCK REPAIR TABLE gives it. */
  public String addPartition(int round) {
    String folder = CrawlLayout.roundFolder(round);
    return "ALTER TABLE " + table + " ADD IF NOT EXISTS PARTITION (`round`='" + folder.substring(folder.indexOf('=') + 1)
        + "') LOCATION '" + location + "/" + folder + "';";
  }

  /** Athena's partition projection over rounds 1 to {@code last}, formatted as the folders are (four digits). */
  public String projection(int last) {
    return "ALTER TABLE " + table + " SET TBLPROPERTIES ('projection.enabled'='true', 'projection.round.type'='integer', "
        + "'projection.round.range'='1," + last + "', 'projection.round.digits'='4', "
        + "'storage.location.template'='" + location + "/round=${round}');";
  }

  static String hiveType(Schema s) {
    return switch (s.getType()) {
      case STRING, ENUM -> "STRING";
      case INT -> "INT";
      case LONG -> "BIGINT";
      case BOOLEAN -> "BOOLEAN";
      case DOUBLE -> "DOUBLE";
      case FLOAT -> "FLOAT";
      case UNION -> {
        List<Schema> types = s.getTypes().stream().filter(t -> t.getType() != Schema.Type.NULL).toList();
        if (types.size() != 1) {
          throw new IllegalStateException("Hive cannot type the union " + s);
        }
        yield hiveType(types.get(0));
      }
      default -> throw new IllegalStateException("no Hive type for " + s.getType().getName().toLowerCase(Locale.ROOT));
    };
  }

  /** The schema as JSON without docs: the docs are already the column comments, and this way the literal needs no escaping. */
  static String literal(Schema schema) {
    try {
      JsonNode json = JSON.readTree(schema.toString());
      stripDocs(json);
      String text = JSON.writeValueAsString(json);
      if (text.contains("'")) {
        throw new IllegalStateException("the manifest schema has a quote outside its docs: " + text);
      }
      return text;
    } catch (java.io.IOException e) {
      throw new IllegalStateException("Avro wrote a schema Jackson cannot read", e);
    }
  }

  private static void stripDocs(JsonNode node) {
    if (node instanceof ObjectNode o) {
      o.remove("doc");
      // Java's string type hint: noise to every other reader.
      o.remove("avro.java.string");
      o.elements().forEachRemaining(HiveDdl::stripDocs);
    } else if (node instanceof ArrayNode a) {
      a.elements().forEachRemaining(HiveDdl::stripDocs);
    }
  }

  /** A doc as a HiveQL string literal's content: Hive and Athena read backslash escapes. */
  private static String comment(String doc) {
    return doc.replace("\\", "\\\\").replace("'", "\\'").replace("\n", " ");
  }
}
