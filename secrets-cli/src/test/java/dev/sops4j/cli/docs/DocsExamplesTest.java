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
import org.junit.jupiter.api.io.TempDir;

/**
 * Keeps the docs true: the Java examples of docs/age.md, docs/sops.md and docs/install.md run in JShell
 * against the project's classes (blocks marked {@value #COMPILE_ONLY} are compiled, not run), and the
 * console transcripts of docs/age.md, docs/keys.md, docs/sops.md, docs/encrypting.md and docs/install.md
 * (all {@code console} blocks of a page, in order, in one directory holding a copy of examples/, in one
 * shell; a heredoc's lines follow its command with a {@code > } prompt) are replayed in bash (with
 * {@code java -jar $j} running the CLI from the test class path) and must print what the page shows,
 * generated keys, encrypted values, times and the file-system-dependent mount point warning aside.
 */
class DocsExamplesTest {
  private static final Pattern FENCE = Pattern.compile("```(\\w+)\\n(.*?)```", Pattern.DOTALL);
  private static final Pattern GENERATED_KEY = Pattern.compile("age1[02-9ac-hj-np-z]{58}");
  /** The base64 of a generated SSH public key in an authorized_keys line. */
  private static final Pattern GENERATED_SSH_KEY = Pattern.compile("AAAA[0-9A-Za-z+/]{40,}={0,2}");
  /** An encrypted SOPS value: fresh ciphertext, IV and tag on every run (the type stays). */
  private static final Pattern ENCRYPTED_VALUE =
      Pattern.compile("ENC\\[AES256_GCM,data:[^,\\]]*,iv:[^,\\]]*,tag:[^,\\]]*,type:(\\w+)\\]");
  /** A line of an armored age file or PGP message (base64 only). */
  private static final Pattern ARMOR_LINE = Pattern.compile("(?m)^([ \\t]*)[A-Za-z0-9+/]{16,}={0,2}$");
  /** The time a SOPS file was written ({@code lastmodified}). */
  private static final Pattern TIMESTAMP = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
  /** Variables that would change what the key commands find; the transcripts start without them. */
  private static final List<String> KEY_VARIABLES = List.of("SOPS4J_PASSPHRASE", "SSH_TO_AGE_PASSPHRASE",
      "SOPS_AGE_KEY", "SOPS_AGE_KEY_FILE", "SOPS_AGE_KEY_CMD", "SOPS_AGE_SSH_PRIVATE_KEY_FILE", "XDG_CONFIG_HOME");

  /**
   * A Java block starting with this comment needs root or system paths: it is compiled as the body of a
   * method (every name must resolve, the types must check) but not run.
   */
  private static final String COMPILE_ONLY = "// Not run by DocsExamplesTest";
  /** The imports the Java blocks of docs/install.md assume (the page says so). */
  private static final List<String> INSTALL_IMPORTS = List.of("import dev.sops4j.install.*;",
      "import dev.sops4j.template.*;", "import java.nio.charset.StandardCharsets;", "import java.nio.file.*;",
      "import java.util.*;");
  /** The first line of a heredoc in a console transcript: {@code cat > f <<'EOF'}; group 1 the end word. */
  private static final Pattern HEREDOC = Pattern.compile("<<-?'?(\\w+)'?");
  /** A warning that depends on the file system of the temporary directory: removed before comparing. */
  private static final Pattern MOUNT_WARNING =
      Pattern.compile("(?m)^sops4j: warning: the secrets mount point .* not tmpfs or ramfs.*\\n");

  /** Compiles a block as a method body in the shell, without running it; the method must be VALID. */
  private static void compileOnly(JShell shell, String pageName, String block) {
    for (SnippetEvent e : shell.eval("void notRunExample() throws Exception {\n" + block + "\n}")) {
      assertThat(e.status()).as("docs/%s compile-only block: %s; diagnostics: %s", pageName, block,
          shell.diagnostics(e.snippet()).map(d -> d.getMessage(java.util.Locale.ROOT)).toList())
          .isEqualTo(Snippet.Status.VALID);
    }
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

  /**
   * The Java blocks of a page run in JShell; their {@code Path.of("examples/…")} point at the project's
   * examples folder (JShell runs in this module's directory).
   */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"age.md", "sops.md", "install.md"})
  void javaExampleRunsAsWritten(String pageName) throws IOException {
    String examples = ProjectPaths.root().resolve("examples").toString().replace("\\", "/");
    for (String page : blocks(pageName, "java")) {
      String block = page.replace("Path.of(\"examples/", "Path.of(\"" + examples + "/");
      try (JShell shell = JShell.builder().executionEngine("local").build()) {
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
          shell.addToClasspath(entry);
        }
        SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
        String rest = block;
        if (pageName.equals("install.md")) {
          for (SnippetEvent e : shell.eval(String.join(" ", INSTALL_IMPORTS))) {
            assertThat(e.status()).as("import of docs/install.md").isEqualTo(Snippet.Status.VALID);
          }
        }
        if (block.startsWith(COMPILE_ONLY)) {
          compileOnly(shell, pageName, block);
          continue;
        }
        while (!rest.isBlank()) {
          SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(rest);
          String source = info.source();
          assertThat(source).as("incomplete snippet in docs/%s near: %s", pageName, rest).isNotNull();
          for (SnippetEvent e : shell.eval(source)) {
            assertThat(e.status()).as("docs/%s snippet: %s", pageName, source).isNotEqualTo(Snippet.Status.REJECTED);
            assertThat(e.exception()).as("docs/%s snippet threw: %s", pageName, source).isNull();
          }
          rest = info.remaining();
        }
      }
    }
  }

  /**
   * Output with what differs on every run replaced: generated age recipients and SSH public keys,
   * encrypted values, armored lines and SOPS times.
   */
  private static String masked(String output) {
    String noAge = GENERATED_KEY.matcher(output).replaceAll("age1<key>");
    String noSsh = GENERATED_SSH_KEY.matcher(noAge).replaceAll("AAAA<ssh key>");
    String noValues = ENCRYPTED_VALUE.matcher(noSsh).replaceAll("ENC[AES256_GCM,<encrypted>,type:$1]");
    String noArmor = ARMOR_LINE.matcher(noValues).replaceAll("$1<base64>");
    String noTimes = TIMESTAMP.matcher(noArmor).replaceAll("<time>");
    return MOUNT_WARNING.matcher(noTimes).replaceAll("");
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"age.md", "keys.md", "sops.md", "encrypting.md",
      "install.md"})
  void consoleTranscriptPrintsWhatThePageShows(String pageName, @TempDir Path dir) throws Exception {
    Peers.executable("ssh-keygen");
    Peers.executable("age");
    String transcript = String.join("\n", blocks(pageName, "console"));
    List<String> commands = new ArrayList<>();
    List<String> expected = new ArrayList<>();
    StringBuilder current = null;
    String heredocEnd = null;
    for (String line : transcript.split("\n", -1)) {
      if (heredocEnd != null) {
        // a heredoc's lines follow its command as a shell shows them: "> " and the line
        assertThat(line).as("heredoc line in docs/%s", pageName).startsWith(">");
        String text = line.length() > 1 ? line.substring(2) : "";
        commands.set(commands.size() - 1, commands.get(commands.size() - 1) + "\n" + text);
        heredocEnd = text.equals(heredocEnd) ? null : heredocEnd;
      } else if (line.startsWith("$ ")) {
        Matcher heredoc = HEREDOC.matcher(line);
        heredocEnd = heredoc.find() ? heredoc.group(1) : null;
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

    // The directory starts with a copy of examples/ (the demo SOPS files and their key).
    StringBuilder script = new StringBuilder("cd '" + dir + "'\ncp -r '" + ProjectPaths.root().resolve("examples")
        + "' .\nj=sops4j.jar\n")
        .append("java() { if [ \"$1\" = -jar ]; then shift 2; command java -cp \"$SOPS4J_CP\" dev.sops4j.cli.Main \"$@\";")
        .append(" else command java \"$@\"; fi; }\n");
    for (int i = 0; i < commands.size(); i++) {
      script.append("echo '@@").append(i).append("'\n{ ").append(commands.get(i)).append("\n} 2>&1\n");
    }
    ProcessBuilder pb = new ProcessBuilder("bash", "-c", script.toString()).redirectErrorStream(true);
    pb.environment().put("SOPS4J_CP", System.getProperty("java.class.path"));
    KEY_VARIABLES.forEach(pb.environment()::remove);
    pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    Process p = pb.start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();

    String[] parts = output.split("@@\\d+\\n", -1);
    assertThat(parts).hasSize(commands.size() + 1);
    for (int i = 0; i < commands.size(); i++) {
      String got = masked(parts[i + 1]);
      String want = masked(expected.get(i));
      assertThat(got).as("docs/%s: output of `%s`", pageName, commands.get(i)).isEqualTo(want);
    }
  }
}
