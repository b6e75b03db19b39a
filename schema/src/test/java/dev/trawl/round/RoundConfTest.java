package dev.trawl.round;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;

class RoundConfTest {

  @Test
  void roundIsReadFromTheInternalKey() {
    Configuration conf = new Configuration(false);
    conf.setInt("trawl.internal.round", 3);
    assertEquals(3, RoundConf.round(conf));
  }

  @Test
  void roundMissingOrBelowOneTellsWhoShouldSetIt() {
    Configuration conf = new Configuration(false);
    IllegalStateException missing = assertThrows(IllegalStateException.class, () -> RoundConf.round(conf));
    assertTrue(missing.getMessage().contains("trawl.internal.round"), missing.getMessage());
    assertTrue(missing.getMessage().contains("round driver"), missing.getMessage());

    conf.setInt(RoundConf.ROUND, 0);
    assertThrows(IllegalStateException.class, () -> RoundConf.round(conf));
  }

  @Test
  void aSelectionTakesTheShallowestThenTheFirstUrls() {
    Selection s = new Selection(2, "http://a.example/m");
    assertTrue(s.selects(entry("http://z.example/", 1)), "shallower: always");
    assertTrue(s.selects(entry("http://a.example/m", 2)), "at the cut depth, up to the last URL");
    assertTrue(s.selects(entry("http://a.example/b", 2)));
    assertFalse(s.selects(entry("http://a.example/n", 2)));
    assertFalse(s.selects(entry("http://a.example/", 3)), "deeper: never");
    assertFalse(new Selection(2, null).selects(entry("http://a.example/", 2)), "nothing at the cut depth");
  }

  @Test
  void aSelectionTravelsThroughTheJobConfiguration() {
    Configuration conf = new Configuration(false);
    assertEquals(Selection.ALL, Selection.read(conf), "no page bound: everything");
    new Selection(3, "http://b.example/x").write(conf);
    assertEquals(new Selection(3, "http://b.example/x"), Selection.read(conf));
  }

  private static dev.trawl.schema.FrontierEntry entry(String url, int depth) {
    return dev.trawl.schema.FrontierEntry.newBuilder().setUrl(url).setHost("h").setDepth(depth).build();
  }
}
