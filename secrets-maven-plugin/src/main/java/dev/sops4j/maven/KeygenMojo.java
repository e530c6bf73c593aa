package dev.sops4j.maven;

import dev.sops4j.age.AgeKeys;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Generates an age identity file as {@code age-keygen -o} does: created with mode 0600, never over
 * an existing file. Logs the public key (the recipient) and, with {@code recipientFile}, writes it
 * to a file too, ready for {@code ageRecipientFiles} or a {@code .sops.yaml}.
 */
@Mojo(name = "keygen", requiresProject = false, threadSafe = true)
public class KeygenMojo extends AbstractSecretsMojo {
  /** Skips this goal. */
  @Parameter(property = "secrets.keygen.skip", defaultValue = "false")
  private boolean skipKeygen;

  /** The identity file to create (it must not exist). */
  @Parameter(property = "secrets.identityFile", required = true)
  private File identityFile;

  /** Also write the public recipient to this file (replaced when it exists). */
  @Parameter(property = "secrets.recipientFile")
  private File recipientFile;

  /** Generate a post-quantum (ML-KEM-768 + X25519) identity instead of an X25519 one. */
  @Parameter(property = "secrets.postQuantum", defaultValue = "false")
  private boolean postQuantum;

  @Override
  protected String goal() {
    return "keygen";
  }

  @Override
  protected boolean goalSkipped() {
    return skipKeygen;
  }

  @Override
  protected void run() throws MojoExecutionException, MojoFailureException {
    Path target = identityFile.toPath();
    if (Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      throw Failures.configuration(target, "the identity file exists already and is never overwritten "
          + "(delete it first, or choose another identityFile)");
    }
    AgeKeys.GeneratedIdentity generated = AgeKeys.generate(postQuantum, Instant.now());
    String publicKey = generated.publicKey();
    try {
      PrivateFiles.createNew(target, generated.fileText().getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      Failures.raise(target, e);
    }
    getLog().info(target + ": age identity written (mode 0600); public key: " + publicKey);
    if (recipientFile != null) {
      Path recipients = recipientFile.toPath();
      try {
        PrivateFiles.replacePrivate(recipients, (publicKey + "\n").getBytes(StandardCharsets.UTF_8));
      } catch (IOException e) {
        Failures.raise(recipients, e);
      }
      getLog().info(recipients + ": recipient written");
    }
  }

  /** Sets the identity file (for tests). */
  final void setIdentityFile(File file) {
    this.identityFile = file;
  }

  /** Sets the recipient file (for tests). */
  final void setRecipientFile(File file) {
    this.recipientFile = file;
  }
}
