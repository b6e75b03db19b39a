package dev.trawl.url;

/**
 * Which fetch list a host belongs to. Every writer of fetch lists (inject's seed batches, the round
 * reducer's next frontier) uses this, so list k of every source holds the same hosts and one fetch
 * task owns each host's politeness.
 */
public final class FetchLists {
  private FetchLists() {}

  public static int of(String host, int lists) {
    return (host.hashCode() & Integer.MAX_VALUE) % lists;
  }
}
