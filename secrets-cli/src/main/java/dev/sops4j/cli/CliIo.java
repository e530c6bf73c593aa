package dev.sops4j.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.Map;

/**
 * What a command may touch of its process: standard streams, the environment and the terminal.
 * Injected so that tests run commands in-process with captured streams and a fake environment.
 */
record CliIo(InputStream in, PrintStream out, PrintStream err, Map<String, String> env, Terminal terminal) {

  /** Environment variable holding the passphrase when there is no terminal. */
  static final String PASSPHRASE_ENV = "SOPS4J_PASSPHRASE";

  /** Environment variable that turns on stack traces for failures. */
  static final String DEBUG_ENV = "SOPS4J_DEBUG";

  CliIo {
    env = Map.copyOf(env);
  }

  /** The environment may hold keys and passphrases (SOPS_AGE_KEY, SOPS4J_PASSPHRASE): names only. */
  @Override
  public String toString() {
    return "CliIo[env names=" + new java.util.TreeSet<>(env.keySet()) + ", terminal=" + terminal.interactive() + "]";
  }
}
