package dev.trawl.spark;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A real Spark SQL 3.5 in this JVM, as EMR users run it: local mode, Hive support on, its metastore
 * an embedded Derby (in memory, so no metastore_db folder is left behind), bound to loopback.
 */
final class LocalSpark implements AutoCloseable {
  final SparkSession session;

  LocalSpark(Path dir) {
    System.setProperty("derby.stream.error.file", dir.resolve("derby.log").toString());
    session = SparkSession.builder()
        .master("local[2]")
        .appName("trawl manifest")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.warehouse.dir", dir.resolve("warehouse").toUri().toString())
        .config("spark.local.dir", dir.resolve("local").toString())
        .config("spark.hadoop.javax.jdo.option.ConnectionURL", "jdbc:derby:memory:spark_metastore;create=true")
        .config("spark.hadoop.datanucleus.schema.autoCreateAll", "true")
        .config("spark.hadoop.hive.metastore.schema.verification", "false")
        .enableHiveSupport()
        .getOrCreate();
  }

  /**
   * Runs each statement of a script (a statement ends with ';' at the end of a line; lines starting
   * with -- are comments) and returns the last one's rows, tab-separated as Hive prints them.
   */
  List<String> run(String script) {
    List<String> rows = List.of();
    StringBuilder statement = new StringBuilder();
    for (String line : script.split("\n")) {
      if (line.strip().startsWith("--")) {
        continue;
      }
      statement.append(line).append('\n');
      if (line.strip().endsWith(";")) {
        String s = statement.toString().strip();
        rows = rows(s.substring(0, s.length() - 1));
        statement.setLength(0);
      }
    }
    return rows;
  }

  List<String> rows(String sql) {
    List<String> rows = new ArrayList<>();
    for (Row r : session.sql(sql).collectAsList()) {
      List<String> values = new ArrayList<>();
      for (int i = 0; i < r.length(); i++) {
        values.add(r.isNullAt(i) ? "NULL" : String.valueOf(r.get(i)));
      }
      rows.add(values.stream().collect(Collectors.joining("\t")));
    }
    return rows;
  }

  @Override
  public void close() {
    session.stop();
  }
}
