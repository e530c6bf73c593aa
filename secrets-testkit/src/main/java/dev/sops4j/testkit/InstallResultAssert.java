package dev.sops4j.testkit;

import dev.sops4j.install.ChangeReport;
import dev.sops4j.install.InstallFile;
import dev.sops4j.install.InstallResult;
import dev.sops4j.install.Manifest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on what an install did ({@link InstallResult}): the secrets and templates added, modified
 * and removed, the switch of the live link, units and warnings. A result holds names, paths and
 * units, never a value, so messages show them as they are; {@link #secretFile(String)} and
 * {@link #renderedTemplate(String)} continue with the redacting {@link SecretFileAssert}.
 *
 * <p>{@code added}, {@code modified} and {@code removed} take the names of secrets and templates
 * together, templates written as they sit in the generation: {@code rendered/<name>}. The
 * {@code …Secrets} and {@code …Templates} variants take plain names of one kind. All of them compare
 * exactly: the names given, in any order, and no other.
 */
public class InstallResultAssert extends AbstractAssert<InstallResultAssert, InstallResult> {
  private static final String RENDERED = Manifest.RENDERED_DIR + "/";

  /** Assertions on {@code actual}; prefer {@link SecretsAssertions#assertThat(InstallResult)}. */
  public InstallResultAssert(InstallResult actual) {
    super(actual, InstallResultAssert.class);
  }

  /** Exactly these secrets and templates ({@code rendered/<name>}) were added. */
  public InstallResultAssert added(String... names) {
    return changed(ChangeReport.Kind.ADDED, null, names);
  }

  /** Exactly these secrets and templates ({@code rendered/<name>}) were modified. */
  public InstallResultAssert modified(String... names) {
    return changed(ChangeReport.Kind.MODIFIED, null, names);
  }

  /** Exactly these secrets and templates ({@code rendered/<name>}) were removed. */
  public InstallResultAssert removed(String... names) {
    return changed(ChangeReport.Kind.REMOVED, null, names);
  }

  /** Exactly these secrets were added. */
  public InstallResultAssert addedSecrets(String... names) {
    return changed(ChangeReport.Kind.ADDED, InstallFile.Kind.SECRET, names);
  }

  /** Exactly these secrets were modified. */
  public InstallResultAssert modifiedSecrets(String... names) {
    return changed(ChangeReport.Kind.MODIFIED, InstallFile.Kind.SECRET, names);
  }

  /** Exactly these secrets were removed. */
  public InstallResultAssert removedSecrets(String... names) {
    return changed(ChangeReport.Kind.REMOVED, InstallFile.Kind.SECRET, names);
  }

  /** Exactly these templates were added. */
  public InstallResultAssert addedTemplates(String... names) {
    return changed(ChangeReport.Kind.ADDED, InstallFile.Kind.TEMPLATE, names);
  }

  /** Exactly these templates were modified. */
  public InstallResultAssert modifiedTemplates(String... names) {
    return changed(ChangeReport.Kind.MODIFIED, InstallFile.Kind.TEMPLATE, names);
  }

  /** Exactly these templates were removed. */
  public InstallResultAssert removedTemplates(String... names) {
    return changed(ChangeReport.Kind.REMOVED, InstallFile.Kind.TEMPLATE, names);
  }

  /** Nothing was added, modified or removed. */
  public InstallResultAssert hasNoChanges() {
    isNotNull();
    if (!actual.changes().isEmpty()) {
      failWithMessage("Expected the install to change nothing, but it reported:%n  %s",
          String.join("%n  ".formatted(), actual.changes().lines()));
    }
    return myself;
  }

  /** The live link now points to the new generation (not a dry run or check). */
  public InstallResultAssert switched() {
    isNotNull();
    if (!actual.switched()) {
      failWithMessage("Expected the install to switch the live link to a new generation, but it did not"
          + " (check mode %s, dry run %s)", actual.checkMode().id(), actual.changes().dryRun());
    }
    return myself;
  }

  /** The live link was left alone (a dry run, a check mode). */
  public InstallResultAssert notSwitched() {
    isNotNull();
    if (actual.switched()) {
      failWithMessage("Expected the install not to switch the live link, but it switched to generation %s (%s)",
          actual.generation(), actual.directory());
    }
    return myself;
  }

  /** The install wrote generation {@code number}. */
  public InstallResultAssert hasGeneration(int number) {
    isNotNull();
    if (actual.generation() != number) {
      failWithMessage("Expected the install to write generation %s, but it wrote %s", number, actual.generation());
    }
    return myself;
  }

  /** The install gave no warning; a failure lists them (warnings name files and keys, not values). */
  public InstallResultAssert hasNoWarnings() {
    isNotNull();
    if (!actual.warnings().isEmpty()) {
      failWithMessage("Expected no install warnings, but got %s:%n  %s", actual.warnings().size(),
          String.join("%n  ".formatted(), actual.warnings()));
    }
    return myself;
  }

  /** Exactly these units are to be restarted, in this order. */
  public InstallResultAssert restartsUnits(String... units) {
    isNotNull();
    if (!actual.restartUnits().equals(List.of(units))) {
      failWithMessage("Expected units to restart %s, but they are %s", List.of(units), actual.restartUnits());
    }
    return myself;
  }

  /** Exactly these units are to be reloaded, in this order. */
  public InstallResultAssert reloadsUnits(String... units) {
    isNotNull();
    if (!actual.reloadUnits().equals(List.of(units))) {
      failWithMessage("Expected units to reload %s, but they are %s", List.of(units), actual.reloadUnits());
    }
    return myself;
  }

  /** Continues with the file of secret {@code name} in the generation written. */
  public SecretFileAssert secretFile(String name) {
    return new SecretFileAssert(generation().resolve(name));
  }

  /** Continues with the rendered file of template {@code name} in the generation written. */
  public SecretFileAssert renderedTemplate(String name) {
    return new SecretFileAssert(generation().resolve(Manifest.RENDERED_DIR).resolve(name));
  }

  private java.nio.file.Path generation() {
    isNotNull();
    if (actual.directory() == null || !actual.switched()) {
      failWithMessage("Expected an install that switched to a generation, but it switched to none"
          + " (check mode %s, dry run %s)", actual.checkMode().id(), actual.changes().dryRun());
    }
    return actual.directory();
  }

  private InstallResultAssert changed(ChangeReport.Kind kind, InstallFile.Kind fileKind, String... names) {
    isNotNull();
    List<String> found = fileKind != null ? actual.changes().names(kind, fileKind) : bothKinds(kind);
    List<String> expected = Arrays.stream(names).sorted().toList();
    if (!found.equals(expected)) {
      String kinds = fileKind == null ? "secrets and templates"
          : fileKind == InstallFile.Kind.SECRET ? "secrets" : "templates";
      String what = kind.name().toLowerCase(java.util.Locale.ROOT) + " " + kinds;
      List<String> missing = new ArrayList<>(expected);
      missing.removeAll(found);
      List<String> unexpected = new ArrayList<>(found);
      unexpected.removeAll(expected);
      failWithMessage("Expected %s %s but they were %s (missing %s, unexpected %s)", what, expected, found,
          missing, unexpected);
    }
    return myself;
  }

  private List<String> bothKinds(ChangeReport.Kind kind) {
    List<String> all = new ArrayList<>(actual.changes().names(kind, InstallFile.Kind.SECRET));
    actual.changes().names(kind, InstallFile.Kind.TEMPLATE).forEach(n -> all.add(RENDERED + n));
    return all.stream().sorted().toList();
  }
}
