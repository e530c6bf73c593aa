package dev.sops4j.pgp;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Everything a failure could show: its messages, its causes and its stack trace text. */
final class SecretsInFailures {
  private SecretsInFailures() {}

  static String everything(Throwable t) {
    StringWriter trace = new StringWriter();
    t.printStackTrace(new PrintWriter(trace));
    StringBuilder out = new StringBuilder(trace.toString());
    for (Throwable c = t; c != null; c = c.getCause()) {
      out.append('\n').append(c).append('\n').append(c.getMessage());
    }
    return out.toString();
  }
}
