package dev.sops4j.testkit;

import dev.sops4j.install.InstallResult;
import java.nio.file.Path;

/**
 * The entry point of the testkit's AssertJ assertions. Paths get their own entry names,
 * {@link #assertThatSecretFile(Path)} and {@link #assertThatSopsFile(Path)}, so that
 * {@code import static dev.sops4j.testkit.SecretsAssertions.*} and
 * {@code import static org.assertj.core.api.Assertions.*} live together: AssertJ's
 * {@code assertThat(Path)} stays the plain file assertion, and {@link #assertThat(InstallResult)} is
 * more specific than AssertJ's {@code assertThat(Object)}.
 *
 * <pre>{@code
 * assertThatSecretFile(runtime.resolve("secrets/db-password")).hasMode("0400").hasContent("s3cret");
 * assertThatSopsFile(sopsFile)
 *     .isEncryptedTo(keys.x25519().recipient()).decryptsWith(keys.x25519()).hasValidMac()
 *     .hasValueAt("db/password", "s3cret");
 * assertThat(install.secret("db/password").value("s3cret").run()).added("db/password").hasNoWarnings();
 * }</pre>
 */
public final class SecretsAssertions {
  private SecretsAssertions() {
  }

  /**
   * Assertions on a secret file, a rendered template or a key file; failure messages never show the
   * content. {@link SecretFileAssert#asSopsFile()} continues with the SOPS assertions.
   */
  public static SecretFileAssert assertThatSecretFile(Path file) {
    return new SecretFileAssert(file);
  }

  /** Assertions on a SOPS-encrypted file (the file must exist). */
  public static SopsFileAssert assertThatSopsFile(Path file) {
    return new SecretFileAssert(file).asSopsFile();
  }

  /** Assertions on what an install did: changes, switch, units, warnings, installed files. */
  public static InstallResultAssert assertThat(InstallResult result) {
    return new InstallResultAssert(result);
  }
}
