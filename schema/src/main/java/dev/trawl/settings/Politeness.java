package dev.trawl.settings;

/**
 * What one politeness delay covers (trawl.fetch.politeness): the hosts that share one request in
 * flight at a time and the delay between requests, within a fetch task.
 */
public enum Politeness {
  /** Each host name on its own: a server carrying many names gets a request per name at once. */
  HOST,
  /**
   * Host names of one registered domain together (www.example.org and docs.example.org; the public
   * suffix list decides, so each *.github.io site stays apart). An IP address stands for itself.
   */
  DOMAIN,
  /** Host names that resolve to one address together: shared hosting, whatever the names. */
  IP
}
