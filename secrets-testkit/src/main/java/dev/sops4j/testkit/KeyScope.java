package dev.sops4j.testkit;

/** How long the generated keys of a {@link SecretsExtension} live. */
public enum KeyScope {
  /** Fresh keys (and key files) for every test method: the default. */
  PER_METHOD,
  /** One set of keys for all tests of a class; runtime directories stay per method. */
  PER_CLASS
}
