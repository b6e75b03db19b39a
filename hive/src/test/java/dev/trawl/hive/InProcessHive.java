package dev.trawl.hive;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.hive.conf.HiveConf;
import org.apache.hadoop.hive.ql.Driver;
import org.apache.hadoop.hive.ql.session.SessionState;

/**
 * A real Hive 4.1 in this JVM: the Driver API over an in-memory Derby metastore, queries run as
 * local MapReduce jobs. Hive's session is bound to a thread, so every statement runs on one thread
 * of its own; that also lets Hive start (about half a minute, mostly DataNucleus creating the
 * metastore's tables) while the caller does something else, such as crawling.
 */
final class InProcessHive implements AutoCloseable {
  private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "hive");
    t.setDaemon(true);
    return t;
  });
  private final Future<Driver> driver;

  /** Starts Hive in the background, with its scratch folders under {@code dir}. */
  InProcessHive(Path dir) {
    driver = thread.submit(() -> {
      System.setProperty("derby.stream.error.file", dir.resolve("derby.log").toString());
      System.setProperty("derby.system.durability", "test");
      HiveConf conf = new HiveConf();
      conf.set("javax.jdo.option.ConnectionURL", "jdbc:derby:memory:metastore;create=true");
      conf.set("datanucleus.schema.autoCreateAll", "true");
      conf.set("datanucleus.schema.validateTables", "false");
      conf.set("datanucleus.schema.validateColumns", "false");
      conf.set("datanucleus.schema.validateConstraints", "false");
      conf.set("hive.metastore.schema.verification", "false");
      conf.set("hive.metastore.uris", "");
      conf.set("hive.metastore.warehouse.dir", dir.resolve("warehouse").toUri().toString());
      conf.set("hive.exec.scratchdir", dir.resolve("scratch").toString());
      conf.set("hive.exec.local.scratchdir", dir.resolve("local-scratch").toString());
      conf.set("hive.downloaded.resources.dir", dir.resolve("resources").toString());
      conf.set("hive.querylog.location", dir.resolve("querylog").toString());
      conf.set("hadoop.tmp.dir", dir.resolve("hadoop-tmp").toString());
      conf.set("fs.defaultFS", "file:///");
      conf.set("mapreduce.framework.name", "local");
      conf.set("hive.execution.engine", "mr");
      conf.set("hive.exec.submit.local.task.via.child", "false");
      conf.set("hive.support.concurrency", "false");
      conf.set("hive.txn.manager", "org.apache.hadoop.hive.ql.lockmgr.DummyTxnManager");
      conf.set("hive.stats.autogather", "false");
      conf.set("hive.stats.column.autogather", "false");
      conf.set("hive.local.time.zone", "UTC");
      SessionState.start(new SessionState(conf));
      Driver d = new Driver(conf);
      // Have DataNucleus create the metastore's tables now, not in the test's first CREATE TABLE.
      d.run("CREATE EXTERNAL TABLE warm_up (x INT) PARTITIONED BY (p INT) STORED AS AVRO LOCATION '"
          + dir.resolve("warm-up").toUri() + "'");
      d.run("DROP TABLE warm_up");
      return d;
    });
  }

  /**
   * Runs each statement of a script (a statement ends with ';' at the end of a line; lines starting
   * with -- are comments) and returns the last one's rows, tab-separated as Hive prints them.
   */
  List<String> run(String script) throws Exception {
    try {
      return thread.submit(() -> {
        Driver d = driver.get();
        List<String> rows = new ArrayList<>();
        StringBuilder statement = new StringBuilder();
        for (String line : script.split("\n")) {
          if (line.strip().startsWith("--")) {
            continue;
          }
          statement.append(line).append('\n');
          if (line.strip().endsWith(";")) {
            String s = statement.toString().strip();
            d.run(s.substring(0, s.length() - 1));
            rows.clear();
            d.getResults(rows);
            statement.setLength(0);
          }
        }
        return new ArrayList<>(rows);
      }).get();
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
  }

  @Override
  public void close() throws Exception {
    thread.submit(() -> {
      if (driver.isDone()) {
        driver.get().close();
      }
      return null;
    }).get();
    thread.shutdown();
  }
}
