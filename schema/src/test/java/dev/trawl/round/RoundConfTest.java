package dev.trawl.round;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;

class RoundConfTest {

  @Test
  void folderIsHivePartitionNamingWithFourDigits() {
    assertEquals("round=0001", RoundConf.folder(1));
    assertEquals("round=0003", RoundConf.folder(3));
    assertEquals("round=0042", RoundConf.folder(42));
    assertEquals("round=9999", RoundConf.folder(9999));
    assertEquals("round=12345", RoundConf.folder(12345), "more rounds widen the number, never truncate it");
  }

  @Test
  void foldersSortInRoundOrder() {
    assertTrue(RoundConf.folder(9).compareTo(RoundConf.folder(10)) < 0);
    assertTrue(RoundConf.folder(99).compareTo(RoundConf.folder(100)) < 0);
  }

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
  void pageBudgetsAreOnePerFetchList() {
    Configuration conf = new Configuration(false);
    conf.set("trawl.internal.page-budgets", "100, 0 ,25");
    assertEquals(100, RoundConf.pageBudget(conf, 0));
    assertEquals(0, RoundConf.pageBudget(conf, 1));
    assertEquals(25, RoundConf.pageBudget(conf, 2));
    assertEquals(-1, RoundConf.pageBudget(conf, 3), "a list without a budget is unlimited");
  }

  @Test
  void noPageBudgetsMeansUnlimited() {
    Configuration conf = new Configuration(false);
    assertEquals(-1, RoundConf.pageBudget(conf, 0));
    assertEquals(-1, RoundConf.pageBudget(conf, 5));
  }

  @Test
  void budgetsBeyondIntRangeParse() {
    Configuration conf = new Configuration(false);
    conf.set(RoundConf.PAGE_BUDGETS, "5000000000");
    assertEquals(5_000_000_000L, RoundConf.pageBudget(conf, 0));
  }
}
