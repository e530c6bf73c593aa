package dev.sops4j.maven;

import dev.sops4j.sops.EncryptOptions;
import dev.sops4j.sops.Sops;
import dev.sops4j.sops.config.PlainInput;
import dev.sops4j.sops.crypto.EncryptionRules.Kind;
import dev.sops4j.sops.format.Format;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Encrypts plaintext files in place, as {@code sops encrypt --in-place} does, for the keys of the
 * matching {@code .sops.yaml} creation rule (or the configured recipients). A file that already has
 * SOPS metadata is left alone (logged), so the goal can run on every build; set
 * {@code failOnEncrypted} to make that an error instead. The plaintext is never logged.
 */
@Mojo(name = "encrypt", defaultPhase = LifecyclePhase.PROCESS_RESOURCES, threadSafe = true)
public class EncryptMojo extends AbstractTargetKeysMojo {
  /** Skips this goal. */
  @Parameter(property = "secrets.encrypt.skip", defaultValue = "false")
  private boolean skipEncrypt;

  /** Fail on a file that is encrypted already (default: log and leave it). */
  @Parameter(property = "secrets.failOnEncrypted", defaultValue = "false")
  private boolean failOnEncrypted;

  /** Leave keys ending in this suffix clear (replaces the creation rule's encryption rule). */
  @Parameter(property = "secrets.unencryptedSuffix")
  private String unencryptedSuffix;

  /** Encrypt only keys ending in this suffix. */
  @Parameter(property = "secrets.encryptedSuffix")
  private String encryptedSuffix;

  /** Leave keys matching this regular expression (Go RE2) clear. */
  @Parameter(property = "secrets.unencryptedRegex")
  private String unencryptedRegex;

  /** Encrypt only keys matching this regular expression (Go RE2). */
  @Parameter(property = "secrets.encryptedRegex")
  private String encryptedRegex;

  @Override
  protected String goal() {
    return "encrypt";
  }

  @Override
  protected boolean goalSkipped() {
    return skipEncrypt;
  }

  @Override
  protected void run() throws MojoExecutionException, MojoFailureException {
    List<Path> files = selectedFiles();
    int encrypted = 0;
    for (Path file : files) {
      if (encrypt(file)) {
        encrypted++;
      }
    }
    getLog().info("secrets:encrypt: " + encrypted + " of " + files.size() + " file(s) encrypted");
  }

  /** Encrypts one file in place; false when it was encrypted already. */
  private boolean encrypt(Path file) throws MojoExecutionException, MojoFailureException {
    Format format = format(file);
    try {
      byte[] data = Files.readAllBytes(file);
      if (PlainInput.hasSopsMetadata(data, file.toString(), format)) {
        if (failOnEncrypted) {
          throw Failures.configuration(file, "the file has sops metadata already (it is encrypted)");
        }
        getLog().info(file + ": encrypted already, left as it is");
        return false;
      }
      if (PlainInput.hasNoDocument(data, format)) {
        throw Failures.configuration(file, "the file is empty: it must contain at least one document");
      }
      EncryptOptions options = encryptOptions(file, format, rules());
      byte[] result = Sops.encrypt(data, file.toString(), format, options);
      PrivateFiles.replaceInPlace(file, result);
      getLog().info(file + ": encrypted (" + format.id() + ")");
      return true;
    } catch (IOException e) {
      Failures.raise(file, e);
      return false;
    }
  }

  private Map<Kind, String> rules() {
    Map<Kind, String> rules = new EnumMap<>(Kind.class);
    putIfSet(rules, Kind.UNENCRYPTED_SUFFIX, unencryptedSuffix);
    putIfSet(rules, Kind.ENCRYPTED_SUFFIX, encryptedSuffix);
    putIfSet(rules, Kind.UNENCRYPTED_REGEX, unencryptedRegex);
    putIfSet(rules, Kind.ENCRYPTED_REGEX, encryptedRegex);
    return rules;
  }

  private static void putIfSet(Map<Kind, String> rules, Kind kind, String value) {
    if (value != null && !value.isEmpty()) {
      rules.put(kind, value);
    }
  }

  /** Sets the per-goal skip (for tests). */
  final void setSkipEncrypt(boolean skip) {
    this.skipEncrypt = skip;
  }

  /** Sets whether an encrypted file fails the goal (for tests). */
  final void setFailOnEncrypted(boolean fail) {
    this.failOnEncrypted = fail;
  }
}
