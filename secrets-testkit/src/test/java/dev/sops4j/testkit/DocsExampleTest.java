package dev.sops4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/testkit.md shows a complete test class: it must be, character for character, the example test
 * {@code com.example.secrets.DatabaseSecretsTest} that this module's build compiles and runs.
 */
class DocsExampleTest {
  private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);

  @Test
  void theCompleteExampleIsTheTestThatRuns() throws Exception {
    Path root = projectRoot();
    String page = Files.readString(root.resolve("docs/testkit.md"), StandardCharsets.UTF_8);
    List<String> blocks = new ArrayList<>();
    Matcher m = JAVA_BLOCK.matcher(page);
    while (m.find()) {
      blocks.add(m.group(1));
    }
    String example = Files.readString(root.resolve(
        "secrets-testkit/src/test/java/com/example/secrets/DatabaseSecretsTest.java"), StandardCharsets.UTF_8);

    assertThat(blocks).isNotEmpty();
    assertThat(blocks.get(0)).as("the first java block of docs/testkit.md").isEqualTo(example);
    assertThat(example).contains("class DatabaseSecretsTest").contains("@SecretsTest")
        .contains("InstallFixtures install").contains(".run()");
  }

  @Test
  void everyAssertionOfTheReferenceExists() throws Exception {
    String page = Files.readString(projectRoot().resolve("docs/testkit.md"), StandardCharsets.UTF_8);
    for (Class<?> type : List.of(SecretFileAssert.class, SopsFileAssert.class,
        InstallResultAssert.class, SecretsAssertions.class, InstallFixtures.class, InstallPlan.class)) {
      for (var method : type.getDeclaredMethods()) {
        if (java.lang.reflect.Modifier.isPublic(method.getModifiers()) && !method.getName().equals("toString")) {
          assertThat(page).as("docs/testkit.md documents " + type.getSimpleName() + "." + method.getName())
              .contains("`" + method.getName() + "(");
        }
      }
    }
  }

  private static Path projectRoot() {
    String prop = System.getProperty("sops4j.projectRoot");
    if (prop != null && !prop.isBlank() && Files.isRegularFile(Path.of(prop, "docs/testkit.md"))) {
      return Path.of(prop);
    }
    for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
      if (Files.isRegularFile(d.resolve("docs/testkit.md"))) {
        return d;
      }
    }
    throw new IllegalStateException("docs/testkit.md not found above " + Path.of("").toAbsolutePath());
  }
}
