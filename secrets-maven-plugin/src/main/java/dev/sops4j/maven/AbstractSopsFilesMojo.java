package dev.sops4j.maven;

import dev.sops4j.sops.config.ConfigLookup;
import dev.sops4j.sops.config.SopsConfig;
import dev.sops4j.sops.format.Format;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Base of the goals that rewrite SOPS files in place ({@code encrypt}, {@code updatekeys},
 * {@code rotate}): which files, how to read them, and the {@code .sops.yaml} whose creation rules
 * apply. Each file is handled on its own; the first failure stops the goal naming the file.
 */
public abstract class AbstractSopsFilesMojo extends AbstractKeyRingMojo {
  /** The files to work on (on the command line: {@code -Dsecrets.files=a.yaml,b.json}). */
  @Parameter(property = "secrets.files")
  private List<File> files = new ArrayList<>();

  /** File sets ({@code <directory>}, {@code <includes>}, {@code <excludes>}) naming more files. */
  @Parameter
  private List<SopsFileSet> fileSets = new ArrayList<>();

  /**
   * The {@code .sops.yaml} to use; default: {@code SOPS_CONFIG}, else the nearest {@code .sops.yaml}
   * (or {@code .sops.yml}) in the file's directory or above, as sops finds it.
   */
  @Parameter(property = "secrets.sopsConfig")
  private File sopsConfig;

  /** {@code yaml}, {@code json}, {@code dotenv}, {@code ini} or {@code binary}; default: from each file's extension. */
  @Parameter(property = "secrets.inputType")
  private String inputType;

  /** The selected files; none is a configuration error naming the parameters. */
  protected final List<Path> selectedFiles() throws MojoFailureException, MojoExecutionException {
    List<Path> selected = FileSelection.select(files, fileSets);
    if (selected.isEmpty()) {
      throw new MojoFailureException("secrets:" + goal() + ": no file to work on: set <files> (-Dsecrets.files) "
          + "or <fileSets>" + (fileSets.isEmpty() ? "" : " (the fileSets matched no file)"));
    }
    return selected;
  }

  /** The format {@code file} is read in: {@code inputType}, else from its extension. */
  protected final Format format(Path file) throws MojoFailureException {
    if (inputType == null || inputType.isBlank()) {
      return Format.fromPath(file);
    }
    try {
      return Format.parse(inputType.strip());
    } catch (IllegalArgumentException e) {
      throw new MojoFailureException("inputType: " + e.getMessage(), e);
    }
  }

  /**
   * The {@code .sops.yaml} for {@code file}: {@code sopsConfig}, else {@code SOPS_CONFIG}, else the
   * nearest one above the file; null when there is none.
   */
  protected final SopsConfig config(Path file) throws MojoFailureException, MojoExecutionException {
    Path explicit = sopsConfig == null ? null : sopsConfig.toPath();
    String variable = environment().get(ConfigLookup.ENV_VARIABLE);
    if (explicit == null && variable != null && !variable.isEmpty()) {
      explicit = Path.of(variable);
    }
    try {
      if (explicit != null) {
        return SopsConfig.load(explicit);
      }
      ConfigLookup.Result found = ConfigLookup.findFor(file);
      found.warning().ifPresent(getLog()::warn);
      return found.config().isPresent() ? SopsConfig.load(found.config().get()) : null;
    } catch (IOException e) {
      Failures.raise(explicit != null ? explicit : file, e);
      throw new IllegalStateException(e);
    }
  }

  /** Sets the files (for tests). */
  final void setFiles(List<File> files) {
    this.files = files;
  }

  /** Sets the file sets (for tests). */
  final void setFileSets(List<SopsFileSet> fileSets) {
    this.fileSets = fileSets;
  }

  /** Sets the config file (for tests). */
  final void setSopsConfig(File sopsConfig) {
    this.sopsConfig = sopsConfig;
  }
}
