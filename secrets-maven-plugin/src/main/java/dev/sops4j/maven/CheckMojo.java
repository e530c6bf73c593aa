package dev.sops4j.maven;

import dev.sops4j.install.CheckMode;
import dev.sops4j.install.InstallResult;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Validates the {@code materialize} configuration without decrypting anything, as sops-nix's
 * build-time check: every problem of the secrets and templates (names, modes, paths, placeholders
 * naming unknown secrets) and, in mode {@code sopsfile}, that every SOPS file exists, is a SOPS file
 * and holds every secret's key. No key is needed. Binds to {@code validate} by default.
 */
@Mojo(name = "check", defaultPhase = LifecyclePhase.VALIDATE, threadSafe = true)
public class CheckMojo extends AbstractInstallMojo {
  /** Skips this goal. */
  @Parameter(property = "secrets.check.skip", defaultValue = "false")
  private boolean skipCheck;

  /** {@code manifest} (the configuration alone) or {@code sopsfile} (also the SOPS files' keys). */
  @Parameter(property = "secrets.checkMode", defaultValue = "sopsfile")
  private String checkMode = "sopsfile";

  @Override
  protected String goal() {
    return "check";
  }

  @Override
  protected boolean goalSkipped() {
    return skipCheck;
  }

  @Override
  protected void run() throws MojoExecutionException, MojoFailureException {
    CheckMode mode;
    try {
      mode = CheckMode.parse(checkMode == null ? "" : checkMode.strip());
    } catch (IllegalArgumentException e) {
      throw new MojoFailureException("checkMode: " + e.getMessage());
    }
    if (mode == CheckMode.OFF) {
      throw new MojoFailureException("checkMode: 'off' installs; use secrets:materialize for that");
    }
    Source source = manifest();
    InstallResult result = install(options(source).withCheckMode(mode), source);
    result.warnings().forEach(w -> getLog().warn(w));
    getLog().info("secrets: " + source.manifest().secrets().size() + " secrets and "
        + source.manifest().templates().size() + " templates are valid (check mode " + mode.id() + ")");
  }

  /** Sets the check mode (for tests). */
  final void setCheckMode(String mode) {
    this.checkMode = mode;
  }
}
