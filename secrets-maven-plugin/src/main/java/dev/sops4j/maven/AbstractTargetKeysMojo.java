package dev.sops4j.maven;

import dev.sops4j.pgp.PgpPublicKeys;
import dev.sops4j.sops.EncryptOptions;
import dev.sops4j.sops.SopsConfigException;
import dev.sops4j.sops.config.EncryptSettings;
import dev.sops4j.sops.config.PgpKeyLookup;
import dev.sops4j.sops.config.SopsConfig;
import dev.sops4j.sops.crypto.EncryptionRules;
import dev.sops4j.sops.format.Format;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Base of the goals that decide which master keys a file is encrypted to ({@code encrypt},
 * {@code updatekeys}): the creation rule of the {@code .sops.yaml} matching the file, as sops does,
 * unless recipients are configured here (public keys only; they then form one key group, and
 * a {@code .sops.yaml} with creation rules must still have a rule matching the file, as in sops).
 */
public abstract class AbstractTargetKeysMojo extends AbstractSopsFilesMojo {
  /** Age recipients ({@code age1…}, {@code ssh-ed25519 …}) to encrypt to instead of the creation rule's keys. */
  @Parameter(property = "secrets.ageRecipients")
  private List<String> ageRecipients = new ArrayList<>();

  /** Files of age recipients, one per line ({@code #} comments allowed), as {@code age -R} reads them. */
  @Parameter(property = "secrets.ageRecipientFiles")
  private List<File> ageRecipientFiles = new ArrayList<>();

  /** OpenPGP fingerprints to encrypt to; looked up in {@code pgpKeyFiles}, {@code gnupgHomes}, then GnuPG. */
  @Parameter(property = "secrets.pgpFingerprints")
  private List<String> pgpFingerprints = new ArrayList<>();

  /**
   * The master keys and rules for {@code file}.
   *
   * @param rules encryption rules configured on the goal (empty: the creation rule's)
   */
  protected final EncryptOptions encryptOptions(Path file, Format format, Map<EncryptionRules.Kind, String> rules)
      throws MojoFailureException, MojoExecutionException {
    List<String> age = new ArrayList<>(ageRecipients);
    for (File recipients : ageRecipientFiles) {
      age.addAll(readRecipients(recipients.toPath()));
    }
    SopsConfig config = config(file);
    EncryptSettings settings = new EncryptSettings(age, pgpFingerprints, rules, false, 0);
    try {
      return settings.resolve(file, format, config, lazyPgpKeys());
    } catch (SopsConfigException e) {
      if (e.problem() == SopsConfigException.Problem.NOT_FOUND && !settings.hasKeys()) {
        throw Failures.configuration(file, "no .sops.yaml with creation rules applies to the file ("
            + (config == null ? "none found in its directory or above" : config.name() + " has none")
            + "), and no ageRecipients, ageRecipientFiles or pgpFingerprints are configured");
      }
      throw new MojoFailureException(Failures.withFile(file, e.getMessage()), e);
    }
  }

  /** Reads the PGP public keys on the first fingerprint looked up. */
  private PgpKeyLookup lazyPgpKeys() {
    PgpPublicKeys[] loaded = new PgpPublicKeys[1];
    return fingerprint -> {
      if (loaded[0] == null) {
        try {
          loaded[0] = loadPgpPublicKeys();
        } catch (MojoFailureException e) {
          throw new IOException(e.getMessage(), e);
        }
      }
      return loaded[0].require(fingerprint);
    };
  }

  private static List<String> readRecipients(Path file) throws MojoFailureException, MojoExecutionException {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      Failures.raise(file, e);
      throw new IllegalStateException(e);
    }
    List<String> recipients = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String text = lines.get(i).strip();
      if (text.regionMatches(true, 0, "AGE-SECRET-KEY-", 0, 15) || text.startsWith("-----BEGIN")) {
        throw Failures.configuration(file, "line " + (i + 1) + ": ageRecipientFiles holds a secret key, "
            + "not a public recipient (give the identity file as ageKeyFile instead)");
      }
      if (!text.isEmpty() && !text.startsWith("#")) {
        recipients.add(text);
      }
    }
    if (recipients.isEmpty()) {
      throw Failures.configuration(file, "ageRecipientFiles: the file has no recipient");
    }
    return recipients;
  }

  /** Sets the age recipients (for tests). */
  final void setAgeRecipients(List<String> recipients) {
    this.ageRecipients = recipients;
  }

  /** Sets the recipient files (for tests). */
  final void setAgeRecipientFiles(List<File> files) {
    this.ageRecipientFiles = files;
  }
}
