package dev.trawl.settings;

/** Which hosts a crawl follows links to. */
public enum Scope {
  /** Only hosts that a seed is on. */
  HOST,
  /** Hosts under a seed's registered domain (the public suffix list decides what that is). */
  DOMAIN,
  /** Any host. */
  ANY
}
