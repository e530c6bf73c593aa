package dev.sops4j.maven;

import dev.sops4j.keys.KeyRing;
import dev.sops4j.sops.EncryptOptions;
import dev.sops4j.sops.Sops;
import dev.sops4j.sops.UpdateKeysChanges;
import dev.sops4j.sops.UpdateKeysResult;
import dev.sops4j.sops.crypto.EncryptionRules.Kind;
import dev.sops4j.sops.format.Format;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Re-wraps the data key of SOPS files for the master keys they should have, as
 * {@code sops updatekeys -y} does: those of the matching {@code .sops.yaml} creation rule, or the
 * configured recipients. Values, MAC and {@code lastmodified} stay as they are; a file already up to
 * date is not written. The data key is opened with the configured key ring. Logs the kept, added and
 * removed master keys (public key names only).
 */
@Mojo(name = "updatekeys", threadSafe = true)
public class UpdateKeysMojo extends AbstractTargetKeysMojo {
  /** Skips this goal. */
  @Parameter(property = "secrets.updatekeys.skip", defaultValue = "false")
  private boolean skipUpdateKeys;

  @Override
  protected String goal() {
    return "updatekeys";
  }

  @Override
  protected boolean goalSkipped() {
    return skipUpdateKeys;
  }

  @Override
  protected void run() throws MojoExecutionException, MojoFailureException {
    List<Path> files = selectedFiles();
    KeyRing keys = null;
    int updated = 0;
    for (Path file : files) {
      Format format = format(file);
      try {
        byte[] data = Files.readAllBytes(file);
        EncryptOptions wanted = encryptOptions(file, format, new EnumMap<>(Kind.class));
        UpdateKeysChanges plan = Sops.updateKeysPlan(data, file.toString(), format, wanted);
        if (!plan.changed()) {
          getLog().info(file + ": keys already up to date");
          continue;
        }
        if (keys == null) {
          keys = loadKeyRing();
        }
        UpdateKeysResult result = Sops.updateKeys(data, file.toString(), format, keys, wanted);
        PrivateFiles.replaceInPlace(file, result.file());
        getLog().info(file + ": master keys updated\n" + plan.summary().stripTrailing());
        updated++;
      } catch (IOException e) {
        Failures.raise(file, e);
      }
    }
    getLog().info("secrets:updatekeys: " + updated + " of " + files.size() + " file(s) updated");
  }
}
