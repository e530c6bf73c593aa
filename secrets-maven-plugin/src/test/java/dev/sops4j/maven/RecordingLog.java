package dev.sops4j.maven;

import java.util.ArrayList;
import java.util.List;
import org.apache.maven.plugin.logging.SystemStreamLog;

/** A Maven log that keeps every line it is given (debug included) for assertions. */
final class RecordingLog extends SystemStreamLog {
  final List<String> lines = new ArrayList<>();

  @Override
  public boolean isDebugEnabled() {
    return true;
  }

  @Override
  public void debug(CharSequence content) {
    lines.add("DEBUG " + content);
  }

  @Override
  public void info(CharSequence content) {
    lines.add("INFO " + content);
  }

  @Override
  public void warn(CharSequence content) {
    lines.add("WARN " + content);
  }

  @Override
  public void error(CharSequence content) {
    lines.add("ERROR " + content);
  }

  String text() {
    return String.join("\n", lines);
  }
}
