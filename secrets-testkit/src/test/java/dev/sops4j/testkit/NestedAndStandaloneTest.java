package dev.sops4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sops4j.age.X25519Identity;
import dev.sops4j.sops.Sops;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Class-scoped keys reach @Nested classes; TestKeys and SopsFixtures also work without the extension. */
@SecretsTest(keys = KeyScope.PER_CLASS)
class NestedAndStandaloneTest {
  private static final List<String> SEEN = new ArrayList<>();

  @Test
  void outer(X25519Identity key) {
    SEEN.add(key.recipient().encode());
  }

  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_METHOD)
  class Inner {
    @Test
    void first(X25519Identity key) {
      SEEN.add(key.recipient().encode());
    }

    @Test
    void second(X25519Identity key) {
      SEEN.add(key.recipient().encode());
    }
  }

  @AfterAll
  static void nestedTestsShareTheirClassKeys() {
    assertThat(SEEN).hasSize(3);
    // the nested class has its own class context: its two tests share one key
    assertThat(SEEN.subList(1, 3)).containsOnly(SEEN.get(1));
  }

  @Test
  void withoutTheExtension(@TempDir Path dir) throws Exception {
    Path home = Files.createDirectory(dir.resolve("home"));
    TestKeys keys = TestKeys.generate(home);
    SopsFixtures sops = new SopsFixtures(keys, Files.createDirectory(dir.resolve("fixtures")));

    Path file = sops.write("s.yaml", Map.of("k", "v"));

    assertThat(Sops.decrypt(file, keys.keyRing()).text("k")).isEqualTo("v");
    assertThat(keys.ageKeyFile()).startsWith(home);
  }
}
