package dev.sops4j.testkit;

import static dev.sops4j.testkit.SecretsAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.sops4j.install.ChangeReport;
import dev.sops4j.install.CheckMode;
import dev.sops4j.install.InstallFile;
import dev.sops4j.install.InstallResult;
import java.nio.file.Path;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

@SecretsTest
class InstallResultAssertTest {
  private static final String CANARY = "canary-Hb55-do-not-print";

  /** Runs a failing assertion and returns its message, which must not contain the canary. */
  private static String failure(ThrowingCallable check) {
    AssertionError error = catchThrowableOfType(AssertionError.class, check);
    assertThat(error).as("the assertion should have failed").isNotNull();
    assertThat(error.getMessage()).doesNotContain(CANARY).doesNotContain("Hb55");
    return error.getMessage();
  }

  @Test
  void passesOnWhatTheInstallDid(InstallFixtures install) throws Exception {
    InstallResult first = install.secret("db/password").value(CANARY).secret("api").value("a")
        .template("app.conf", "pw={{ sops:db/password }}").run();
    assertThat(first).switched().hasGeneration(1).hasNoWarnings()
        .added("api", "db/password", "rendered/app.conf").modified().removed()
        .addedSecrets("db/password", "api").addedTemplates("app.conf").modifiedSecrets().removedTemplates()
        .restartsUnits().reloadsUnits();
    assertThat(first).secretFile("db/password").hasMode("0400").hasContent(CANARY);
    assertThat(first).renderedTemplate("app.conf").hasNoPlaceholders().contentContains(CANARY);

    InstallResult second = install.secret("db/password").value(CANARY + "2").reloadUnit("app.service")
        .template("app.conf", "pw={{ sops:db/password }}").run();
    assertThat(second).switched().hasGeneration(2)
        .modified("db/password", "rendered/app.conf").modifiedTemplates("app.conf").removedSecrets("api")
        .removed("api").added().reloadsUnits("app.service").restartsUnits();

    InstallResult third = install.secret("db/password").value(CANARY + "2").reloadUnit("app.service")
        .template("app.conf", "pw={{ sops:db/password }}").run();
    assertThat(third).hasNoChanges().switched().reloadsUnits();
  }

  @Test
  void failuresNameTheChangesButNeverAValue(InstallFixtures install) throws Exception {
    InstallResult result = install.secret("db/password").value(CANARY)
        .template("app.conf", "pw={{ sops:db/password }}").run();

    assertThat(failure(() -> assertThat(result).added("db/password")))
        .contains("added secrets and templates [db/password]").contains("[db/password, rendered/app.conf]")
        .contains("unexpected [rendered/app.conf]");
    assertThat(failure(() -> assertThat(result).addedSecrets("db/pasword")))
        .contains("missing [db/pasword]").contains("unexpected [db/password]");
    assertThat(failure(() -> assertThat(result).hasNoChanges()))
        .contains("adding secret: db/password").contains("adding rendered secret: app.conf");
    assertThat(failure(() -> assertThat(result).notSwitched())).contains("switched to generation 1");
    assertThat(failure(() -> assertThat(result).hasGeneration(2))).contains("generation 2").contains("wrote 1");
    assertThat(failure(() -> assertThat(result).restartsUnits("x.service"))).contains("x.service");
    assertThat(failure(() -> assertThat(result).secretFile("db/password").hasContent(CANARY + "x")))
        .contains("values not shown");
    assertThat(failure(() -> assertThat(result).renderedTemplate("app.conf").hasContent("pw=")))
        .contains("rendered/app.conf");

    InstallResult dry = install.secret("db/password").value(CANARY + "new").dryRun().run();
    assertThat(dry).notSwitched().modified("db/password").removed("rendered/app.conf");
    assertThat(failure(() -> assertThat(dry).switched())).contains("dry run true");
    assertThat(failure(() -> assertThat(dry).secretFile("db/password").exists()))
        .contains("switched to none");
  }

  @Test
  void warningsAreListed() {
    InstallResult warned = new InstallResult(CheckMode.OFF, 3, Path.of("/run/secrets.d/3"), true,
        new ChangeReport(List.of(new ChangeReport.Change(ChangeReport.Kind.REMOVED, InstallFile.Kind.TEMPLATE,
            "old.conf")), false), List.of(), List.of(), List.of(), List.of(),
        List.of("mount point /run/secrets.d is not on tmpfs or ramfs", "manifest: unknown field 'sopsFle'"));

    assertThat(warned).removedTemplates("old.conf").removed("rendered/old.conf");
    assertThat(failure(() -> assertThat(warned).hasNoWarnings())).contains("got 2")
        .contains("not on tmpfs").contains("'sopsFle'");
    assertThat(failure(() -> assertThat((InstallResult) null).switched())).contains("null");
  }
}
