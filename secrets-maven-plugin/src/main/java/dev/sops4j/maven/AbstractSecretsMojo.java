package dev.sops4j.maven;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Base of every sops4j goal: the skip switches and the environment. {@link #execute()} checks
 * {@code secrets.skip} and the goal's own skip property first, logs which one made it skip, and
 * otherwise runs {@link #run()}. Mojos keep no static mutable state, so all of them are thread-safe.
 */
public abstract class AbstractSecretsMojo extends AbstractMojo {
  /** Skips every sops4j goal. */
  @Parameter(property = "secrets.skip", defaultValue = "false")
  private boolean skip;

  /** The project's base directory; relative paths in the configuration are resolved by Maven against it. */
  @Parameter(defaultValue = "${project.basedir}", readonly = true, required = true)
  private File basedir;

  /** Runs the goal unless a skip property is set. */
  @Override
  public final void execute() throws MojoExecutionException, MojoFailureException {
    if (skip) {
      getLog().info("Skipping secrets:" + goal() + ": secrets.skip is true");
      return;
    }
    if (goalSkipped()) {
      getLog().info("Skipping secrets:" + goal() + ": secrets." + goal() + ".skip is true");
      return;
    }
    run();
  }

  /** The goal's name, as in {@code secrets.<goal>.skip}. */
  protected abstract String goal();

  /** The value of the goal's own skip property. */
  protected abstract boolean goalSkipped();

  /** The goal's work, after the skip checks. */
  protected abstract void run() throws MojoExecutionException, MojoFailureException;

  /** The environment variables the goal reads (key sources, named variables); tests may replace it. */
  protected Map<String, String> environment() {
    return System.getenv();
  }

  /** The project's base directory. */
  protected final Path basedir() {
    return basedir == null ? Path.of("").toAbsolutePath() : basedir.toPath();
  }

  /** The home directory sops would use: {@code HOME} (then {@code USERPROFILE}), else {@code user.home}. */
  protected final Path home() {
    for (String name : List.of("HOME", "USERPROFILE")) {
      String value = environment().get(name);
      if (value != null && !value.isEmpty()) {
        return Path.of(value);
      }
    }
    return Path.of(System.getProperty("user.home"));
  }

  /** Sets the global skip switch (for tests and subclasses' callers). */
  final void setSkip(boolean skip) {
    this.skip = skip;
  }

  /** Sets the base directory (for tests). */
  final void setBasedir(File basedir) {
    this.basedir = basedir;
  }
}
