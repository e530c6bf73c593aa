package dev.sops4j.maven;

import dev.sops4j.age.AgeKeyException;
import dev.sops4j.age.AgeKeys;
import dev.sops4j.keys.KeyRing;
import dev.sops4j.pgp.PgpPublicKeys;
import dev.sops4j.sops.MasterKeyGroup;
import dev.sops4j.sops.RotateOptions;
import dev.sops4j.sops.Sops;
import dev.sops4j.sops.format.Format;
import dev.sops4j.sops.metadata.MetadataReader;
import dev.sops4j.sops.metadata.PgpMasterKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Gives SOPS files a new data key and encrypts every value again, as {@code sops rotate -i} does;
 * the MAC is verified first. The master keys stay unless {@code addAgeRecipients} /
 * {@code removeRecipients} change them. The old data key is opened with the configured key ring.
 */
@Mojo(name = "rotate", threadSafe = true)
public class RotateMojo extends AbstractSopsFilesMojo {
  /** Skips this goal. */
  @Parameter(property = "secrets.rotate.skip", defaultValue = "false")
  private boolean skipRotate;

  /** Age recipients to add to the first key group ({@code sops rotate --add-age}). */
  @Parameter(property = "secrets.addAgeRecipients")
  private List<String> addAgeRecipients = new ArrayList<>();

  /** Master keys (age recipients, PGP fingerprints, KMS ARNs …) to remove from every key group. */
  @Parameter(property = "secrets.removeRecipients")
  private List<String> removeRecipients = new ArrayList<>();

  @Override
  protected String goal() {
    return "rotate";
  }

  @Override
  protected boolean goalSkipped() {
    return skipRotate;
  }

  @Override
  protected void run() throws MojoExecutionException, MojoFailureException {
    List<Path> files = selectedFiles();
    List<MasterKeyGroup.AgeTarget> add = addTargets();
    KeyRing keys = loadKeyRing();
    for (Path file : files) {
      Format format = format(file);
      try {
        byte[] data = Files.readAllBytes(file);
        PgpPublicKeys certificates = hasPgpKeys(data, file.toString(), format) ? loadPgpPublicKeys()
            : PgpPublicKeys.concat(List.of());
        RotateOptions options = new RotateOptions(certificates, new MasterKeyGroup(add, List.of()),
            removeRecipients.stream().map(String::strip).toList());
        PrivateFiles.replaceInPlace(file, Sops.rotate(data, file.toString(), format, keys, options));
        getLog().info(file + ": new data key, every value encrypted again");
      } catch (IOException e) {
        Failures.raise(file, e);
      }
    }
    getLog().info("secrets:rotate: " + files.size() + " file(s) rotated");
  }

  private List<MasterKeyGroup.AgeTarget> addTargets() throws MojoFailureException {
    List<MasterKeyGroup.AgeTarget> targets = new ArrayList<>();
    for (String recipient : addAgeRecipients) {
      String text = recipient.strip();
      try {
        targets.add(new MasterKeyGroup.AgeTarget(text, AgeKeys.parseRecipient(text)));
      } catch (AgeKeyException e) {
        throw new MojoFailureException("addAgeRecipients: " + e.getMessage(), e);
      }
    }
    return targets;
  }

  private static boolean hasPgpKeys(byte[] data, String source, Format format) throws IOException {
    return MetadataReader.read(format.store().readEncrypted(data, source).metadata(), source).masterKeys()
        .stream().anyMatch(k -> k instanceof PgpMasterKey);
  }
}
