package dev.sops4j.testkit;

import java.nio.file.Path;

/**
 * The entry point of the testkit's AssertJ assertions. Call it qualified
 * ({@code SecretsAssertions.assertThat(file)}) or statically import only this {@code assertThat}:
 * AssertJ's own {@code Assertions.assertThat(Path)} has the same signature, so importing both would be
 * ambiguous for paths.
 *
 * <pre>{@code
 * SecretsAssertions.assertThat(runtime.resolve("secrets/db-password"))
 *     .hasMode("0400").hasContent("s3cret");
 * SecretsAssertions.assertThat(sopsFile).asSopsFile()
 *     .isEncryptedTo(keys.x25519().recipient()).decryptsWith(keys.x25519()).hasValidMac()
 *     .hasValueAt("db/password", "s3cret");
 * }</pre>
 */
public final class SecretsAssertions {
  private SecretsAssertions() {
  }

  /**
   * Assertions on a secret file, a rendered template or (through {@link SecretFileAssert#asSopsFile()})
   * a SOPS file.
   */
  public static SecretFileAssert assertThat(Path file) {
    return new SecretFileAssert(file);
  }
}
