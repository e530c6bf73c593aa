package dev.sops4j.maven;

import dev.sops4j.install.InstallOptions;
import dev.sops4j.install.InstallResult;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Decrypts the configured secrets and renders the templates into a new generation under
 * {@code runtimeDirectory}, then switches the live link {@code symlinkPath} to it, as sops-nix does at
 * activation. Logs the change report (secret and template names only). When anything fails (a wrong
 * key, a missing value) nothing is written and the previous generation stays live. Binds to
 * {@code process-resources} by default.
 */
@Mojo(name = "materialize", defaultPhase = LifecyclePhase.PROCESS_RESOURCES, threadSafe = true)
public class MaterializeMojo extends AbstractInstallMojo {
  /** Skips this goal. */
  @Parameter(property = "secrets.materialize.skip", defaultValue = "false")
  private boolean skipMaterialize;

  /** Decrypt, write and compare, then remove the new generation again: report what would change. */
  @Parameter(property = "secrets.dryRun", defaultValue = "false")
  private boolean dryRun;

  @Override
  protected String goal() {
    return "materialize";
  }

  @Override
  protected boolean goalSkipped() {
    return skipMaterialize;
  }

  @Override
  protected void run() throws MojoExecutionException, MojoFailureException {
    Source source = manifest();
    InstallOptions options = options(source).withDryRun(dryRun);
    if (!source.fromFile() || !source.namesKeys()) {
      options = options.withKeyRing(loadKeyRing());
    }
    InstallResult result = install(options, source);
    report(result, source);
    if (result.switched()) {
      getLog().info("secrets: generation " + result.generation() + " is live at "
          + source.manifest().symlinkPath());
    } else if (dryRun) {
      getLog().info("secrets: dry run, nothing switched (" + source.manifest().symlinkPath() + " unchanged)");
    }
    if (!result.restartUnits().isEmpty()) {
      getLog().info("units to restart: " + String.join(", ", result.restartUnits()));
    }
  }

  /** Sets the dry-run switch (for tests). */
  final void setDryRun(boolean value) {
    this.dryRun = value;
  }
}
