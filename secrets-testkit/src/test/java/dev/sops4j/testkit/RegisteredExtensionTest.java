package dev.sops4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sops4j.age.X25519Identity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The programmatic extension: class-scoped keys shared by the tests, runtime directories per test. */
class RegisteredExtensionTest {
  @RegisterExtension
  static SecretsExtension secrets = SecretsExtension.builder()
      .keyScope(KeyScope.PER_CLASS)
      .sshKeyComment("ci@example")
      .temporaryDirectoryParent(Path.of(System.getProperty("java.io.tmpdir"), "sops4j-testkit-registered"))
      .build();

  private static final List<String> RECIPIENTS = new ArrayList<>();
  private static final List<Path> RUNTIMES = new ArrayList<>();

  @Test
  void first(X25519Identity key, SshKeyPair ssh, @RuntimeDir Path runtime) {
    assertThat(ssh.privateKey().comment()).isEqualTo("ci@example");
    assertThat(runtime.getParent().getFileName().toString()).isEqualTo("sops4j-testkit-registered");
    RECIPIENTS.add(key.recipient().encode());
    RUNTIMES.add(runtime);
  }

  @Test
  void second(X25519Identity key, @RuntimeDir Path runtime) {
    RECIPIENTS.add(key.recipient().encode());
    RUNTIMES.add(runtime);
  }

  @AfterAll
  static void keysWereSharedAndRuntimeDirectoriesWereNot() {
    assertThat(RECIPIENTS).hasSize(2);
    assertThat(RECIPIENTS.get(0)).isEqualTo(RECIPIENTS.get(1));
    assertThat(RUNTIMES).hasSize(2).doesNotHaveDuplicates().allSatisfy(p -> assertThat(Files.exists(p)).isFalse());
  }
}
