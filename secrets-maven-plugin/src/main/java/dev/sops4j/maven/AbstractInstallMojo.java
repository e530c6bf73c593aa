package dev.sops4j.maven;

import dev.sops4j.install.InstallException;
import dev.sops4j.install.InstallOptions;
import dev.sops4j.install.InstallResult;
import dev.sops4j.install.Installer;
import dev.sops4j.install.Manifest;
import dev.sops4j.install.ManifestException;
import dev.sops4j.install.ManifestReader;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Base of {@code materialize} and {@code check}: the install configuration, written in the POM the way
 * sops-nix is configured in Nix ({@code secrets}, {@code templates}, {@code defaultSopsFile}, …) or
 * read from a {@code manifestFile}, and the run of core's {@link Installer}.
 *
 * <p>Running as a normal user the manifest is in user mode (no ownership changes: the files belong to
 * whoever runs Maven) unless a secret or template names an owner, group, uid or gid; then the engine
 * chowns as sops-nix does, which needs root.
 */
public abstract class AbstractInstallMojo extends AbstractKeyRingMojo {
  /**
   * A manifest (sops-nix's JSON, or sops4j's YAML/JSON; see docs/install.md) used instead of the
   * inline configuration. Its own paths, keys and defaults apply; it must not be combined with
   * {@code secrets} or {@code templates}.
   */
  @Parameter(property = "secrets.manifestFile")
  private File manifestFile;

  /** The SOPS file of every secret that names none (sops-nix {@code defaultSopsFile}). */
  @Parameter(property = "secrets.defaultSopsFile")
  private File defaultSopsFile;

  /** The format of every secret that names none (sops-nix {@code defaultSopsFormat}). */
  @Parameter(property = "secrets.defaultSopsFormat", defaultValue = "yaml")
  private String defaultSopsFormat = "yaml";

  /** The secrets to materialise. */
  @Parameter
  private List<SecretConfig> secrets = new ArrayList<>();

  /** The templates to render. */
  @Parameter
  private List<TemplateConfig> templates = new ArrayList<>();

  /** Where the generations {@code <N>/} live (sops-nix {@code secretsMountPoint}). */
  @Parameter(property = "secrets.runtimeDirectory", defaultValue = "${project.build.directory}/secrets.d")
  private File runtimeDirectory;

  /** The live link to the current generation, where the files are read (sops-nix {@code symlinkPath}). */
  @Parameter(property = "secrets.symlinkPath", defaultValue = "${project.build.directory}/secrets")
  private File symlinkPath;

  /** Generations kept after a run; {@code 0} never prunes. */
  @Parameter(property = "secrets.keepGenerations", defaultValue = "1")
  private int keepGenerations = 1;

  /** The manifest from the POM or the manifest file, with a name for messages. */
  protected final Source manifest() throws MojoExecutionException, MojoFailureException {
    if (manifestFile != null) {
      if (!secrets.isEmpty() || !templates.isEmpty()) {
        throw new MojoFailureException("manifestFile (" + manifestFile + ") and inline secrets/templates are "
            + "both configured: use one of them");
      }
      try {
        return new Source(ManifestReader.read(manifestFile.toPath()), manifestFile.toString(), true);
      } catch (IOException e) {
        throw raise(manifestFile.toPath(), e);
      }
    }
    Manifest.Builder b = Manifest.builder()
        .secretsMountPoint(absolute(runtimeDirectory, "target/secrets.d"))
        .symlinkPath(absolute(symlinkPath, "target/secrets"))
        .keepGenerations(keepGenerations);
    boolean owners = false;
    for (SecretConfig s : secrets) {
      b.secret(s.toSpec(defaultSopsFile, defaultSopsFormat == null ? "yaml" : defaultSopsFormat.strip()));
      owners |= s.setsOwnership();
    }
    for (TemplateConfig t : templates) {
      b.template(t.toSpec());
      owners |= t.setsOwnership();
    }
    b.userMode(!owners);
    return new Source(b.build(), "configured in " + basedir().resolve("pom.xml"), false);
  }

  /**
   * The engine's options for this project: the goal's environment and home directory; in user mode
   * {@code XDG_RUNTIME_DIR} (only used for {@code %r} in paths) defaults to the runtime directory's parent.
   */
  protected final InstallOptions options(Source source) {
    Map<String, String> env = new HashMap<>(environment());
    String xdg = env.get("XDG_RUNTIME_DIR");
    if (xdg == null || xdg.isEmpty()) {
      Path parent = Path.of(source.manifest().secretsMountPoint()).toAbsolutePath().getParent();
      env.put("XDG_RUNTIME_DIR", parent == null ? "/" : parent.toString());
    }
    return InstallOptions.defaults().withEnvironment(env, home());
  }

  /** Runs the engine and maps its failures to Maven's two kinds. */
  protected final InstallResult install(InstallOptions options, Source source)
      throws MojoExecutionException, MojoFailureException {
    try {
      return new Installer(options).install(source.manifest(), source.name());
    } catch (IOException e) {
      throw raise(source.fromFile() ? manifestFile.toPath() : basedir().resolve("pom.xml"), e);
    }
  }

  /** Logs the engine's warnings and, at info, the change report (names only). */
  protected final void report(InstallResult result, Source source) {
    result.warnings().forEach(w -> getLog().warn(w));
    result.lines(source.manifest().logging()).forEach(l -> getLog().info(l));
  }

  /**
   * The Maven exception for an engine failure: the manifest's problems (every one listed) and the
   * failures to decrypt or render (a wrong key, a value missing) are configuration errors
   * ({@link MojoFailureException}); a failure writing or switching a generation is an environment error
   * ({@link MojoExecutionException}). Other failures are mapped by {@link Failures}, naming {@code file}.
   */
  static Exception mapped(Path file, IOException e) {
    if (e instanceof ManifestException) {
      return new MojoFailureException(e.getMessage(), e);
    }
    if (e instanceof InstallException ie) {
      String message = String.join("\n  ", ie.problems());
      boolean writing = ie.getCause() != null
          || ie.problems().stream().anyMatch(p -> p.startsWith("generation ") || p.startsWith("cannot "));
      return writing ? new MojoExecutionException(message, e) : new MojoFailureException(message, e);
    }
    return Failures.of(file, e);
  }

  private static RuntimeException raise(Path file, IOException e)
      throws MojoExecutionException, MojoFailureException {
    Exception m = mapped(file, e);
    if (m instanceof MojoFailureException f) {
      throw f;
    }
    throw (MojoExecutionException) m;
  }

  private String absolute(File file, String fallback) {
    return (file != null ? file.toPath() : basedir().resolve(fallback)).toAbsolutePath().normalize().toString();
  }

  /**
   * A manifest and how messages name it.
   *
   * @param manifest the manifest
   * @param name     its file, or a description of the POM configuration
   * @param fromFile whether it was read from {@code manifestFile} (then its own keys apply)
   */
  protected record Source(Manifest manifest, String name, boolean fromFile) {
    /** Whether the manifest names keys of its own. */
    boolean namesKeys() {
      return manifest.ageKeyFile() != null || !manifest.ageSshKeyPaths().isEmpty() || manifest.gnupgHome() != null;
    }
  }

  private Map<String, String> environmentForTests;

  @Override
  protected Map<String, String> environment() {
    return environmentForTests != null ? environmentForTests : super.environment();
  }

  /** Replaces the environment (for tests). */
  final void setEnvironment(Map<String, String> env) {
    this.environmentForTests = env;
  }

  /** Sets the secrets (for tests). */
  final void setSecrets(List<SecretConfig> list) {
    this.secrets = list;
  }

  /** Sets the templates (for tests). */
  final void setTemplates(List<TemplateConfig> list) {
    this.templates = list;
  }

  /** Sets the default SOPS file (for tests). */
  final void setDefaultSopsFile(File file) {
    this.defaultSopsFile = file;
  }

  /** Sets the runtime directory and the live link (for tests). */
  final void setLayout(File runtime, File link) {
    this.runtimeDirectory = runtime;
    this.symlinkPath = link;
  }

  /** Sets the manifest file (for tests). */
  final void setManifestFile(File file) {
    this.manifestFile = file;
  }
}
