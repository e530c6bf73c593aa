package dev.sops4j.maven;

import dev.sops4j.age.AgeKeys;
import dev.sops4j.age.SshToAge;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Converts an SSH key file as Mic92's ssh-to-age does: public ssh-ed25519 keys (authorized_keys,
 * known_hosts or {@code .pub} lines) to {@code age1…} recipients, one per line, or an OpenSSH
 * ed25519 private key to an {@code AGE-SECRET-KEY-1…} identity. Which one is decided by the file's
 * content. The output is written with mode 0600 and, unless {@code overwrite}, never over an
 * existing file. The passphrase of a protected private key comes from the environment variable named
 * by {@code sshKeyPassphraseEnvironmentVariable}.
 */
@Mojo(name = "ssh-to-age", requiresProject = false, threadSafe = true)
public class SshToAgeMojo extends AbstractSecretsMojo {
  /** Skips this goal. */
  @Parameter(property = "secrets.ssh-to-age.skip", defaultValue = "false")
  private boolean skipSshToAge;

  /** The SSH key file to convert (public or private). */
  @Parameter(property = "secrets.sshKeyFile", required = true)
  private File sshKeyFile;

  /** Where the recipients or the identity go. */
  @Parameter(property = "secrets.ageOutputFile", required = true)
  private File ageOutputFile;

  /** Replace {@code ageOutputFile} when it exists (atomically). */
  @Parameter(property = "secrets.overwrite", defaultValue = "false")
  private boolean overwrite;

  /** The NAME of the environment variable holding a protected private key's passphrase. */
  @Parameter(property = "secrets.sshKeyPassphraseEnvironmentVariable", defaultValue = "SSH_TO_AGE_PASSPHRASE")
  private String sshKeyPassphraseEnvironmentVariable = "SSH_TO_AGE_PASSPHRASE";

  @Override
  protected String goal() {
    return "ssh-to-age";
  }

  @Override
  protected boolean goalSkipped() {
    return skipSshToAge;
  }

  @Override
  protected void run() throws MojoExecutionException, MojoFailureException {
    Path input = sshKeyFile.toPath();
    Path output = ageOutputFile.toPath();
    if (!overwrite && Files.exists(output, LinkOption.NOFOLLOW_LINKS)) {
      throw Failures.configuration(output, "the output file exists already (set overwrite to replace it)");
    }
    String text;
    try {
      text = Files.readString(input, StandardCharsets.UTF_8);
    } catch (IOException e) {
      Failures.raise(input, e);
      return;
    }
    String result;
    String summary;
    try {
      if (text.contains("-----BEGIN")) {
        String identity = SshToAge.identityString(text, input.toString(), this::passphrase);
        summary = "age identity written (mode 0600); public key: "
            + AgeKeys.recipientOf(AgeKeys.parseIdentity(identity));
        result = identity + "\n";
      } else {
        List<String> recipients = SshToAge.recipientStrings(text, input.toString(), note -> getLog().warn(input + ": " + note));
        if (recipients.isEmpty()) {
          throw Failures.configuration(input, "no ssh-ed25519 public key found (" + SshToAge.ONLY_ED25519 + ")");
        }
        summary = recipients.size() + " age recipient(s) written";
        result = String.join("\n", recipients) + "\n";
      }
    } catch (IOException e) {
      Failures.raise(input, e);
      return;
    }
    byte[] content = result.getBytes(StandardCharsets.UTF_8);
    try {
      if (overwrite) {
        PrivateFiles.replacePrivate(output, content);
      } else {
        PrivateFiles.createNew(output, content);
      }
    } catch (IOException e) {
      Failures.raise(output, e);
    }
    getLog().info(output + ": " + summary + " (from " + input + ")");
  }

  /** The passphrase from the named variable, or null (the key is then refused when protected). */
  private char[] passphrase() {
    String name = sshKeyPassphraseEnvironmentVariable == null ? "" : sshKeyPassphraseEnvironmentVariable.strip();
    String value = name.isEmpty() ? null : environment().get(name);
    return value == null || value.isEmpty() ? null : value.toCharArray();
  }

  /** Sets the key file to convert (for tests). */
  final void setSshKeyFile(File file) {
    this.sshKeyFile = file;
  }

  /** Sets the output file (for tests). */
  final void setAgeOutputFile(File file) {
    this.ageOutputFile = file;
  }

  /** Sets whether an existing output is replaced (for tests). */
  final void setOverwrite(boolean overwrite) {
    this.overwrite = overwrite;
  }

  /** Sets the passphrase variable's name (for tests). */
  final void setSshKeyPassphraseEnvironmentVariable(String name) {
    this.sshKeyPassphraseEnvironmentVariable = name;
  }
}
