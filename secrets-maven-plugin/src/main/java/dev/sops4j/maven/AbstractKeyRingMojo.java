package dev.sops4j.maven;

import dev.sops4j.keys.KeyProblem;
import dev.sops4j.keys.KeyRing;
import dev.sops4j.keys.KeyRingLoader;
import dev.sops4j.keys.PgpKeySources;
import dev.sops4j.pgp.PgpPublicKeys;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Base of the goals that need keys: where the key ring comes from. Only paths and the names of
 * environment variables are parameters, never key material, so a {@code -X} build (which prints
 * every parameter) shows no secret. The explicit sources come first, then, unless
 * {@code useStandardKeySources} is false, the places sops looks ({@code SOPS_AGE_KEY},
 * {@code SOPS_AGE_KEY_FILE}, {@code SOPS_AGE_KEY_CMD}, {@code ~/.config/sops/age/keys.txt},
 * {@code ~/.ssh/id_ed25519}, GnuPG homes), as core's {@link KeyRingLoader} orders them.
 */
public abstract class AbstractKeyRingMojo extends AbstractSecretsMojo {
  /** An age identity file (sops-nix {@code age.keyFile}) loaded first; it must exist when set. */
  @Parameter(property = "secrets.ageKeyFile")
  private File ageKeyFile;

  /**
   * The NAME of an environment variable holding age identity text (read like {@code SOPS_AGE_KEY}).
   * The variable must be set when this is.
   */
  @Parameter(property = "secrets.ageKeyEnvironmentVariable")
  private String ageKeyEnvironmentVariable;

  /** OpenSSH private keys (sops-nix {@code age.sshKeyPaths}) loaded after {@code ageKeyFile}. */
  @Parameter(property = "secrets.ageSshKeyPaths")
  private List<File> ageSshKeyPaths = new ArrayList<>();

  /** OpenPGP key files (armored, binary or secring.gpg) read before the GnuPG homes. */
  @Parameter(property = "secrets.pgpKeyFiles")
  private List<File> pgpKeyFiles = new ArrayList<>();

  /** GnuPG home directories read before {@code GNUPGHOME} or {@code ~/.gnupg}. */
  @Parameter(property = "secrets.gnupgHomes")
  private List<File> gnupgHomes = new ArrayList<>();

  /**
   * The NAME of an environment variable holding the passphrase of passphrase-protected key-ring
   * sources (age identity files, SSH keys; PGP keys after {@code SOPS4J_PGP_PASSPHRASE}). Without it
   * such keys are declined (a default SSH key is then skipped, a configured one fails the build).
   */
  @Parameter(property = "secrets.keyPassphraseEnvironmentVariable")
  private String keyPassphraseEnvironmentVariable;

  /** Whether the environment and home-directory key sources sops uses are read too. */
  @Parameter(property = "secrets.useStandardKeySources", defaultValue = "true")
  private boolean useStandardKeySources = true;

  /**
   * The key ring from the configured sources. A problem with an explicitly configured source (a
   * missing or unreadable key file, an unset variable) fails the build naming the source; problems of
   * the standard sources are logged at debug (names only) and the other keys are still used.
   */
  protected final KeyRing loadKeyRing() throws MojoExecutionException, MojoFailureException {
    Map<String, String> env = keyEnvironment();
    KeyRingLoader loader = KeyRingLoader.of(env, home()).standardSources(useStandardKeySources);
    if (customVariable()) {
      loader.identityVariable(ageKeyEnvironmentVariable);
    }
    if (ageKeyFile != null) {
      loader.keyFile(ageKeyFile.toPath());
    }
    ageSshKeyPaths.forEach(p -> loader.sshKeyPath(p.toPath()));
    pgpKeyFiles.forEach(p -> loader.pgpKeyFile(p.toPath()));
    gnupgHomes.forEach(p -> loader.gnupgHome(p.toPath()));
    if (keyPassphraseEnvironmentVariable != null && !keyPassphraseEnvironmentVariable.isBlank()) {
      String name = keyPassphraseEnvironmentVariable.strip();
      String passphrase = environment().get(name);
      if (passphrase == null || passphrase.isEmpty()) {
        throw new MojoFailureException("keyPassphraseEnvironmentVariable: the environment variable " + name
            + " is not set or empty");
      }
      loader.passphrase(passphrase::toCharArray);
    }
    KeyRing ring;
    try {
      ring = loader.load();
    } catch (IOException e) {
      Failures.raise(ageKeyFile == null ? basedir() : ageKeyFile.toPath(), e);
      throw new IllegalStateException(e);
    }
    List<String> explicit = new ArrayList<>();
    for (KeyProblem problem : ring.problems()) {
      if (isExplicit(problem)) {
        explicit.add(problem.toString());
      } else if (getLog().isDebugEnabled()) {
        getLog().debug("key source problem: " + problem);
      }
    }
    if (!explicit.isEmpty()) {
      throw new MojoFailureException("cannot load the configured keys:\n  " + String.join("\n  ", explicit));
    }
    getLog().debug("key ring: " + ring.identities().size() + " age/SSH identities");
    return ring;
  }

  /**
   * The PGP public keys of the configured PGP sources, for encrypting to fingerprints; read only
   * when a file or rule names PGP keys.
   */
  protected final PgpPublicKeys loadPgpPublicKeys() throws MojoFailureException {
    PgpKeySources sources = PgpKeySources.of(environment(), home()).standardSources(useStandardKeySources);
    pgpKeyFiles.forEach(p -> sources.keyFile(p.toPath()));
    gnupgHomes.forEach(p -> sources.gnupgHome(p.toPath()));
    try {
      return sources.loadPublicKeys().keys();
    } catch (IOException e) {
      throw new MojoFailureException("cannot load the PGP public keys: " + e.getMessage(), e);
    }
  }

  /** Whether {@code ageKeyEnvironmentVariable} names a variable. */
  private boolean customVariable() {
    return ageKeyEnvironmentVariable != null && !ageKeyEnvironmentVariable.isBlank();
  }

  /**
   * The environment the loader sees, after checking that a configured {@code
   * ageKeyEnvironmentVariable} (read in place of {@code SOPS_AGE_KEY}) is usable.
   */
  private Map<String, String> keyEnvironment() throws MojoFailureException {
    Map<String, String> env = new HashMap<>(environment());
    if (customVariable()) {
      String name = ageKeyEnvironmentVariable.strip();
      if (!useStandardKeySources) {
        throw new MojoFailureException("ageKeyEnvironmentVariable (" + name + ") is read in place of "
            + "SOPS_AGE_KEY among the standard key sources: set useStandardKeySources to true, or use ageKeyFile");
      }
      String value = env.get(name);
      if (value == null || value.isBlank()) {
        throw new MojoFailureException("ageKeyEnvironmentVariable: the environment variable " + name
            + " is not set or empty");
      }
    }
    return env;
  }

  /** Whether a problem concerns a source the POM configured (then it fails the build). */
  private boolean isExplicit(KeyProblem problem) {
    String source = problem.source();
    if (customVariable() && source.equals(ageKeyEnvironmentVariable.strip())) {
      return true;
    }
    List<File> configured = new ArrayList<>(ageSshKeyPaths);
    configured.addAll(pgpKeyFiles);
    configured.addAll(gnupgHomes);
    if (ageKeyFile != null) {
      configured.add(ageKeyFile);
    }
    return configured.stream().anyMatch(f -> source.equals(f.toString()) || source.equals(f.getAbsolutePath()));
  }

  /** Sets the age identity file (for tests). */
  final void setAgeKeyFile(File file) {
    this.ageKeyFile = file;
  }

  /** Sets whether the standard sources are read (for tests). */
  final void setUseStandardKeySources(boolean use) {
    this.useStandardKeySources = use;
  }

  /** Sets the name of the identity variable (for tests). */
  final void setAgeKeyEnvironmentVariable(String name) {
    this.ageKeyEnvironmentVariable = name;
  }
}
