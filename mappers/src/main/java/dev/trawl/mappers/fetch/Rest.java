package dev.trawl.mappers.fetch;

/**
 * How long a host rests after a turn, counted from the end of its exchange: parsing and writing the
 * WARC happen after the server is done with us, so they do not lengthen the delay.
 *
 * @param fromNanos when the exchange ended ({@link System#nanoTime()})
 * @param millis the rest: the host's delay, or a back-off; 0 when no request was made
 */
record Rest(long fromNanos, long millis) {
  static final Rest NONE = new Rest(0, 0);
}
