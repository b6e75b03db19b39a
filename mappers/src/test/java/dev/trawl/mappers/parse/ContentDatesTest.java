package dev.trawl.mappers.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ContentDatesTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "2024-03-05T10:15:30+02:00      | 2024-03-05T08:15:30Z",
      "2024-03-05T10:15:30Z           | 2024-03-05T10:15:30Z",
      "2024-03-05T10:15:30.250-05:00  | 2024-03-05T15:15:30.250Z",
      "2024-03-05T10:15:30            | 2024-03-05T10:15:30Z",
      "2024-03-05                     | 2024-03-05T00:00:00Z",
      "Tue, 05 Mar 2024 10:15:30 GMT  | 2024-03-05T10:15:30Z",
      "Tue, 5 Mar 2024 10:15:30 +0100 | 2024-03-05T09:15:30Z",
      "'  2024-03-05T10:15:30Z  '     | 2024-03-05T10:15:30Z"})
  void readsTheFormsPagesAndServersUse(String text, String expected) {
    assertEquals(Instant.parse(expected), ContentDates.parse(text));
  }

  @Test
  void aDateWithAnOffsetItCannotReadKeepsAtLeastTheDay() {
    // No colon in the offset: not ISO 8601 extended; the calendar day is still worth having.
    assertEquals(Instant.parse("2024-03-05T00:00:00Z"), ContentDates.parse("2024-03-05T10:15:30+0200"));
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"   ", "yesterday", "05/03/2024", "2024-13-45", "not a date at all"})
  void unreadableDatesAreNull(String text) {
    assertNull(ContentDates.parse(text));
  }
}
