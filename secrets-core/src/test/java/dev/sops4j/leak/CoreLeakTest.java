package dev.sops4j.leak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.sops4j.age.AgeKeys;
import dev.sops4j.age.SshKeys;
import dev.sops4j.age.X25519Identity;
import dev.sops4j.install.InstallFile;
import dev.sops4j.keys.KeyRing;
import dev.sops4j.pgp.PgpKeys;
import dev.sops4j.pgp.PgpPassphrase;
import dev.sops4j.pgp.PgpSecretKey;
import dev.sops4j.sops.DecryptOptions;
import dev.sops4j.sops.EncryptOptions;
import dev.sops4j.sops.MasterKeyGroup;
import dev.sops4j.sops.Sops;
import dev.sops4j.sops.SopsFile;
import dev.sops4j.sops.SopsPath;
import dev.sops4j.sops.config.SopsConfig;
import dev.sops4j.sops.format.Format;
import dev.sops4j.sops.tree.Scalar;
import dev.sops4j.ssh.OpenSshKeyParser;
import dev.sops4j.ssh.OpenSshKeyWriter;
import dev.sops4j.ssh.SshEd25519PrivateKey;
import dev.sops4j.testsupport.Fixtures;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A canary value, a canary age identity and a canary SSH key go through library failure paths: no
 * exception message, no cause's message or {@code toString}, no stack trace and no {@code toString} of
 * a key or value type may hold them.
 */
class CoreLeakTest {
  private static final String VALUE_CANARY = "CORE-LEAK-CANARY-3b9f";
  private static final X25519Identity KEY = X25519Identity.generate();
  private static final String KEY_CANARY = KEY.encode();
  private static final SshEd25519PrivateKey SSH_KEY = OpenSshKeyWriter.generateEd25519("canary");
  private static final String SSH_TEXT = OpenSshKeyWriter.privateKeyFile(SSH_KEY);

  @TempDir Path dir;

  /** Every string a failure can show: each cause's message and toString, then the printed trace. */
  private static List<String> shown(Throwable failure) {
    List<String> texts = new ArrayList<>();
    for (Throwable t = failure; t != null; t = t.getCause()) {
      texts.add(String.valueOf(t.getMessage()));
      texts.add(t.toString());
      for (Throwable s : t.getSuppressed()) {
        texts.add(s.toString());
      }
    }
    StringWriter trace = new StringWriter();
    failure.printStackTrace(new PrintWriter(trace));
    texts.add(trace.toString());
    return texts;
  }

  private static void assertClean(String text) {
    assertThat(text).doesNotContain(VALUE_CANARY).doesNotContain(KEY_CANARY)
        .doesNotContainIgnoringCase(KEY_CANARY.substring(20, 50));
    List<String> body = SSH_TEXT.lines().filter(l -> !l.startsWith("-----")).toList();
    for (String line : body.subList(2, body.size())) {
      if (line.length() >= 20) {
        assertThat(text).doesNotContain(line);
      }
    }
  }

  private static void assertFailsClean(Throwable failure) {
    assertThat(failure).as("expected a failure").isNotNull();
    shown(failure).forEach(CoreLeakTest::assertClean);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] encryptedYaml() throws Exception {
    MasterKeyGroup group = new MasterKeyGroup(
        List.of(new MasterKeyGroup.AgeTarget(KEY.recipient().encode(), KEY.recipient())), List.of());
    return Sops.encrypt(utf8("db:\n  password: " + VALUE_CANARY + "\n"), "plain.yaml", Format.YAML,
        EncryptOptions.of(group));
  }

  private static byte[] replaceFirst(byte[] file, String find, String with) {
    String text = new String(file, StandardCharsets.UTF_8);
    int at = text.indexOf(find);
    assertThat(at).isNotNegative();
    return utf8(text.substring(0, at) + with + text.substring(at + find.length()));
  }

  @Test
  void sopsFailurePathsNeverShowTheValueOrTheKey() throws Exception {
    byte[] file = encryptedYaml();
    KeyRing right = KeyRing.of(List.of(KEY));
    KeyRing wrong = KeyRing.of(List.of(X25519Identity.generate()));
    DecryptOptions yaml = new DecryptOptions(Format.YAML, false);
    assertFailsClean(catchThrowable(() -> Sops.decrypt(file, "f.yaml", wrong, yaml)));
    assertFailsClean(catchThrowable(() -> Sops.decrypt(
        replaceFirst(file, "ENC[AES256_GCM,data:", "ENC[AES256_GCM,data:AAAA"), "f.yaml", right, yaml)));
    assertFailsClean(catchThrowable(() -> Sops.decrypt(
        replaceFirst(file, "mac: ENC[AES256_GCM,data:", "mac: ENC[AES256_GCM,data:AAAA"), "f.yaml", right, yaml)));
    SopsFile opened = Sops.decrypt(file, "f.yaml", right, yaml);
    assertFailsClean(catchThrowable(() -> opened.get(SopsPath.parseExtract("[\"db\"][\"password\"][\"x\"]"))));
    assertFailsClean(catchThrowable(() -> opened.text("db/nope")));
    assertFailsClean(catchThrowable(() -> Sops.parseSetValue("{\"a\": \"" + VALUE_CANARY + "\"", "value")));
    assertFailsClean(catchThrowable(() -> Sops.encrypt(utf8("a: " + VALUE_CANARY + "\n  b: [\n"), "p.yaml",
        Format.YAML, EncryptOptions.of(new MasterKeyGroup(List.of(), List.of())))));
    assertFailsClean(catchThrowable(() -> Sops.encrypt(utf8("{\"a\": \"" + VALUE_CANARY + "\","), "p.json",
        Format.JSON, EncryptOptions.of(new MasterKeyGroup(List.of(), List.of())))));
    // value and file types print their shape, not their content
    assertClean(opened.toString());
    assertClean(opened.get(SopsPath.parseExtract("[\"db\"][\"password\"]")).toString());
    assertClean(opened.tree().toString());
    assertClean(new Scalar.Str(VALUE_CANARY).toString());
    assertClean(right.toString());
  }

  @Test
  void configFailuresNeverEchoASecretKey() throws Exception {
    Path config = dir.resolve(".sops.yaml");
    Files.writeString(config, "creation_rules:\n  - age: " + KEY_CANARY + "\n");
    assertFailsClean(catchThrowable(() -> SopsConfig.load(config).ruleFor(dir.resolve("x.yaml"))
        .masterKeyGroups(config.toString(), fingerprint -> {
          throw new AssertionError("no PGP key in this config");
        })));
    Files.writeString(config, "creation_rules:\n  - age: [" + VALUE_CANARY + "\n    bad: :\n");
    assertFailsClean(catchThrowable(() -> SopsConfig.load(config)));
  }

  @Test
  void keyFailuresAndKeyTypesNeverShowTheKey() throws Exception {
    List<String> sshLines = new ArrayList<>(SSH_TEXT.lines().toList());
    sshLines.remove(sshLines.size() - 2);
    String damagedSsh = String.join("\n", sshLines) + "\n";
    assertFailsClean(catchThrowable(() -> OpenSshKeyParser.parsePrivateKey(damagedSsh, "id_bad")));
    assertFailsClean(catchThrowable(() -> SshKeys.parseIdentity(damagedSsh, "id_bad")));
    assertFailsClean(catchThrowable(() -> OpenSshKeyParser.parsePublicKey(SSH_TEXT, "id_as_public")));
    assertFailsClean(catchThrowable(() -> AgeKeys.parseIdentities(KEY_CANARY + " trailing\n", "keys.txt")));
    assertFailsClean(catchThrowable(() -> AgeKeys.parseRecipient(KEY_CANARY)));
    assertClean(SSH_KEY.toString());
    assertClean(OpenSshKeyParser.parsePrivateKey(SSH_TEXT, "id").toString());
    assertClean(SshKeys.identity(SSH_KEY).toString());
    assertClean(KEY.toString());
    assertClean(KeyRing.of(List.of(KEY, SshKeys.identity(SSH_KEY))).toString());
  }

  @Test
  void installFilesAndPgpSecretKeysPrintNoSecret() throws Exception {
    InstallFile file = InstallFile.secret("db/password", utf8(VALUE_CANARY), 0400);
    assertClean(file.toString());
    assertClean(InstallFile.template("app.conf", utf8("pw=" + VALUE_CANARY), 0400).toString());
    Path armored = Fixtures.path("sops/pgp/sops_functional_tests_key.asc");
    List<String> armorLines = Files.readAllLines(armored).stream()
        .filter(l -> l.length() >= 40 && !l.startsWith("-----")).toList();
    for (PgpSecretKey key : PgpKeys.readSecretKeys(armored, PgpPassphrase.NONE).keys()) {
      String text = key.toString();
      armorLines.forEach(line -> assertThat(text).doesNotContain(line));
    }
  }
}
