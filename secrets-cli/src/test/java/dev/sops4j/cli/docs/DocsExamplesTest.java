package dev.sops4j.cli.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sops4j.testsupport.Peers;
import dev.sops4j.testsupport.ProjectPaths;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keeps the docs true: docs/age.md's Java example runs in JShell against the project's classes, and the
 * console transcripts of docs/age.md and docs/keys.md are replayed in bash (with {@code java -jar $j} running the CLI from the test
 * class path) and must print what the page shows, generated keys aside.
 */
class DocsExamplesTest {
  private static final Pattern FENCE = Pattern.compile("```(\\w+)\\n(.*?)```", Pattern.DOTALL);
  private static final Pattern GENERATED_KEY = Pattern.compile("age1[02-9ac-hj-np-z]{58}");

  private static List<String> blocks(String language) throws IOException {
    return blocks("age.md", language);
  }

  private static List<String> blocks(String pageName, String language) throws IOException {
    String page = Files.readString(ProjectPaths.root().resolve("docs").resolve(pageName), StandardCharsets.UTF_8);
    List<String> out = new ArrayList<>();
    Matcher m = FENCE.matcher(page);
    while (m.find()) {
      if (m.group(1).equals(language)) {
        out.add(m.group(2));
      }
    }
    assertThat(out).as("```%s blocks in docs/%s", language, pageName).isNotEmpty();
    return out;
  }

  @Test
  void javaExampleRunsAsWritten() throws IOException {
    for (String block : blocks("java")) {
      try (JShell shell = JShell.builder().executionEngine("local").build()) {
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
          shell.addToClasspath(entry);
        }
        SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
        String rest = block;
        while (!rest.isBlank()) {
          SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(rest);
          String source = info.source();
          assertThat(source).as("incomplete snippet in docs/age.md near: %s", rest).isNotNull();
          for (SnippetEvent e : shell.eval(source)) {
            assertThat(e.status()).as("docs/age.md snippet: %s", source).isNotEqualTo(Snippet.Status.REJECTED);
            assertThat(e.exception()).as("docs/age.md snippet threw: %s", source).isNull();
          }
          rest = info.remaining();
        }
      }
    }
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"age.md", "keys.md"})
  void consoleTranscriptPrintsWhatThePageShows(String pageName, @TempDir Path dir) throws Exception {
    Peers.executable("ssh-keygen");
    Peers.executable("age");
    String transcript = blocks(pageName, "console").get(0);
    List<String> commands = new ArrayList<>();
    List<String> expected = new ArrayList<>();
    StringBuilder current = null;
    for (String line : transcript.split("\n", -1)) {
      if (line.startsWith("$ ")) {
        if (current != null) {
          expected.add(current.toString());
        }
        commands.add(line.substring(2));
        current = new StringBuilder();
      } else if (current != null && !line.isEmpty()) {
        current.append(line).append('\n');
      }
    }
    expected.add(current.toString());

    StringBuilder script = new StringBuilder("cd '" + dir + "'\nj=sops4j.jar\n")
        .append("java() { if [ \"$1\" = -jar ]; then shift 2; command java -cp \"$SOPS4J_CP\" dev.sops4j.cli.Main \"$@\";")
        .append(" else command java \"$@\"; fi; }\n");
    for (int i = 0; i < commands.size(); i++) {
      script.append("echo '@@").append(i).append("'\n{ ").append(commands.get(i)).append("\n} 2>&1\n");
    }
    ProcessBuilder pb = new ProcessBuilder("bash", "-c", script.toString()).redirectErrorStream(true);
    pb.environment().put("SOPS4J_CP", System.getProperty("java.class.path"));
    pb.environment().remove("SOPS4J_PASSPHRASE");
    pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    Process p = pb.start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();

    String[] parts = output.split("@@\\d+\\n", -1);
    assertThat(parts).hasSize(commands.size() + 1);
    for (int i = 0; i < commands.size(); i++) {
      String got = GENERATED_KEY.matcher(parts[i + 1]).replaceAll("age1<key>");
      String want = GENERATED_KEY.matcher(expected.get(i)).replaceAll("age1<key>");
      assertThat(got).as("docs/%s: output of `%s`", pageName, commands.get(i)).isEqualTo(want);
    }
  }
}
