package dev.sops4j.testkit;

import dev.sops4j.install.InstallOptions;
import dev.sops4j.install.InstallResult;
import dev.sops4j.install.Installer;
import dev.sops4j.install.Manifest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Runs sops4j's install engine for a test, inside the test's {@link RuntimeDir runtime directory} and
 * with the test's keys, so that no root and no real key is needed:
 *
 * <pre>{@code
 * InstallResult result = install.secret("db/password").value("s3cret").mode("0400")
 *     .template("app.conf", "url={{ sops:db/password }}")
 *     .run();
 * }</pre>
 *
 * <p>Manifests built here are in user mode, with the live link {@link #symlinkPath()} =
 * {@code <runtime>/secrets} and the generations under {@link #mountPoint()} = {@code <runtime>/secrets.d}.
 * The engine decrypts with {@link TestKeys#keyRing()}, sees only the fake home's environment plus
 * {@code XDG_RUNTIME_DIR} (the runtime directory) and skips the tmpfs check of the mount point. Every
 * run is a real install: a second run in the same test writes the next generation and reports what
 * changed against the first.
 */
public final class InstallFixtures {
  private final TestKeys keys;
  private final SopsFixtures sops;
  private final Path runtimeDir;

  /** Installs into {@code runtimeDir} with {@code keys}; plans default their SOPS files from {@code sops}. */
  public InstallFixtures(TestKeys keys, SopsFixtures sops, Path runtimeDir) {
    this.keys = Objects.requireNonNull(keys, "keys");
    this.sops = Objects.requireNonNull(sops, "sops");
    this.runtimeDir = Objects.requireNonNull(runtimeDir, "runtimeDir").toAbsolutePath();
  }

  /** The directory everything is installed under (the test's {@code @RuntimeDir}). */
  public Path runtimeDir() {
    return runtimeDir;
  }

  /** The live link, {@code <runtime>/secrets}: installed secrets are visible under it. */
  public Path symlinkPath() {
    return runtimeDir.resolve("secrets");
  }

  /** The directory holding the generations, {@code <runtime>/secrets.d}. */
  public Path mountPoint() {
    return runtimeDir.resolve("secrets.d");
  }

  /** Where secret {@code name} is visible after an install: {@code <runtime>/secrets/<name>}. */
  public Path secretPath(String name) {
    return symlinkPath().resolve(name);
  }

  /** Where template {@code name} is visible after an install: {@code <runtime>/secrets/rendered/<name>}. */
  public Path templatePath(String name) {
    return symlinkPath().resolve(Manifest.RENDERED_DIR).resolve(name);
  }

  /** The fixtures plans write their SOPS files with. */
  public SopsFixtures sops() {
    return sops;
  }

  /** Starts a plan with secret {@code name}; see {@link InstallPlan}. */
  public InstallPlan secret(String name) {
    return plan().secret(name);
  }

  /** Starts a plan with template {@code name} rendering {@code content}. */
  public InstallPlan template(String name, String content) {
    return plan().template(name, content);
  }

  /** An empty plan. */
  public InstallPlan plan() {
    return new InstallPlan(this);
  }

  /**
   * A manifest builder set up for this test: user mode, the live link and mount point in the runtime
   * directory. Add secrets and templates, then {@link #run(Manifest)}.
   */
  public Manifest.Builder manifest() {
    return Manifest.builder().userMode(true).symlinkPath(symlinkPath().toString())
        .secretsMountPoint(mountPoint().toString());
  }

  /**
   * The options runs use: the test's key ring, the fake home and its environment plus
   * {@code XDG_RUNTIME_DIR}, no mount check. Change them and pass them to {@link #run(Manifest,
   * InstallOptions)}, e.g. {@code options().withDryRun(true)}.
   */
  public InstallOptions options() {
    Map<String, String> env = new HashMap<>(keys.env());
    env.put("XDG_RUNTIME_DIR", runtimeDir.toString());
    return InstallOptions.defaults().withKeyRing(keys.keyRing()).withEnvironment(env, keys.home())
        .withMountInfo(null);
  }

  /** Installs {@code manifest} with {@link #options()}. */
  public InstallResult run(Manifest manifest) throws IOException {
    return run(manifest, options());
  }

  /**
   * Installs {@code manifest} with {@code options}.
   *
   * @throws dev.sops4j.install.ManifestException when the manifest, accounts or SOPS files are not valid
   * @throws dev.sops4j.install.InstallException  when decryption or writing fails
   */
  public InstallResult run(Manifest manifest, InstallOptions options) throws IOException {
    return new Installer(options).install(manifest, "test manifest");
  }

  @Override
  public String toString() {
    return "InstallFixtures[" + runtimeDir + "]";
  }
}
