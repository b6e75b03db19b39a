package dev.trawl.settings;

/** Which hosts a crawl follows links to. */
public enum Scope {
  /** Only hosts that a seed is on. */
  HOST,
  /** Any host. */
  ANY
}
