package dev.sops4j.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sops4j.age.Age;
import dev.sops4j.age.AgeKeyException;
import dev.sops4j.age.AgeKeys;
import dev.sops4j.age.Identity;
import dev.sops4j.age.ScryptRecipient;
import dev.sops4j.age.X25519Identity;
import dev.sops4j.keys.KeySource.Status;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

class KeyRingLoaderTest {
  @TempDir Path home;

  private final X25519Identity a = X25519Identity.generate();
  private final X25519Identity b = X25519Identity.generate();
  private final X25519Identity c = X25519Identity.generate();

  private static String recipient(Identity id) throws AgeKeyException {
    return AgeKeys.recipientOf(id);
  }

  private static List<String> recipients(KeyRing ring) throws AgeKeyException {
    List<String> out = new java.util.ArrayList<>();
    for (Identity id : ring.identities()) {
      out.add(recipient(id));
    }
    return out;
  }

  private Path write(String relative, String text) throws Exception {
    Path p = home.resolve(relative);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
    return p;
  }

  private KeyRing load(Map<String, String> env) throws AgeKeyException {
    return KeyRingLoader.of(env, home).osName("Linux").load();
  }

  private static void assertOpens(KeyRing ring, X25519Identity id) throws Exception {
    byte[] file = Age.encrypt("hello".getBytes(StandardCharsets.UTF_8), List.of(id.recipient()));
    assertThat(Age.decrypt(file, ring.identities())).asString(StandardCharsets.UTF_8).isEqualTo("hello");
  }

  @Test
  void nothingSetLooksAtEverySourceInSopsOrderAndFindsNothing() throws Exception {
    KeyRing ring = load(Map.of());
    assertThat(ring.identities()).isEmpty();
    assertThat(ring.problems()).isEmpty();
    assertThat(ring.sources()).extracting(KeySource::kind).containsExactly("SOPS_AGE_KEY", "SOPS_AGE_KEY_FILE",
        "SOPS_AGE_KEY_CMD", "user config file", "SOPS_AGE_SSH_PRIVATE_KEY_FILE", "default SSH key", "default SSH key");
    assertThat(ring.sources()).extracting(KeySource::status).containsExactly(Status.NOT_SET, Status.NOT_SET,
        Status.NOT_SET, Status.NOT_FOUND, Status.NOT_SET, Status.NOT_FOUND, Status.NOT_FOUND);
    assertThat(ring.sources().get(3).location()).isEqualTo(home.resolve(".config/sops/age/keys.txt").toString());
    assertThat(ring.sources().get(5).location()).isEqualTo(home.resolve(".ssh/id_ed25519").toString());
    assertThat(ring.sources().get(6).location()).isEqualTo(home.resolve(".ssh/id_rsa").toString());
  }

  @Test
  void sopsAgeKeyHoldsIdentityText() throws Exception {
    KeyRing ring = load(Map.of("SOPS_AGE_KEY", "# comment\r\n" + a.encode() + "\r\n\n" + b.encode()));
    assertThat(recipients(ring)).containsExactly(recipient(a), recipient(b));
    assertThat(ring.sources().get(0).status()).isEqualTo(Status.LOADED);
    assertThat(ring.sources().get(0).identities()).isEqualTo(2);
    assertThat(ring.problems()).isEmpty();
    assertOpens(ring, b);
  }

  @Test
  void aNamedIdentityVariableIsReadInPlaceOfSopsAgeKeyAndNamedInProblems() throws Exception {
    String garbled = b.encode().substring(0, b.encode().length() - 1) + "Q";
    KeyRing ring = KeyRingLoader.of(Map.of("SOPS_AGE_KEY", b.encode(), "APP_AGE_KEY", a.encode() + "\n" + garbled),
        home).osName("Linux").identityVariable("APP_AGE_KEY").load();
    assertThat(recipients(ring)).containsExactly(recipient(a));
    assertThat(ring.sources().get(0).kind()).isEqualTo("APP_AGE_KEY");
    assertThat(ring.problems()).singleElement().satisfies(p -> {
      assertThat(p.source()).isEqualTo("APP_AGE_KEY");
      assertThat(p.toString()).contains("line 2").doesNotContain(garbled);
    });
    assertThatThrownBy(() -> KeyRingLoader.of(Map.of(), home).identityVariable(" "))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void sopsAgeKeyFileIsReadAndMissingIsAProblem() throws Exception {
    Path f = write("elsewhere/keys.txt", AgeKeys.identityFileText(a.encode(), recipient(a), java.time.Instant.now()));
    KeyRing ring = load(Map.of("SOPS_AGE_KEY_FILE", f.toString()));
    assertThat(recipients(ring)).containsExactly(recipient(a));
    assertThat(ring.sources().get(1)).extracting(KeySource::status, KeySource::location)
        .containsExactly(Status.LOADED, f.toString());
    assertOpens(ring, a);

    Path missing = home.resolve("nope.txt");
    KeyRing bad = load(Map.of("SOPS_AGE_KEY_FILE", missing.toString()));
    assertThat(bad.sources().get(1).status()).isEqualTo(Status.FAILED);
    assertThat(bad.problems()).singleElement().hasToString(missing + ": file not found");
  }

  @Test
  void userConfigFileFollowsXdgThenHomeThenMacOs() throws Exception {
    write(".config/sops/age/keys.txt", a.encode() + "\n");
    write("xdg/sops/age/keys.txt", b.encode() + "\n");
    write("Library/Application Support/sops/age/keys.txt", c.encode() + "\n");

    assertThat(recipients(load(Map.of()))).containsExactly(recipient(a));
    assertThat(recipients(load(Map.of("XDG_CONFIG_HOME", home.resolve("xdg").toString()))))
        .containsExactly(recipient(b));
    KeyRing mac = KeyRingLoader.of(Map.of(), home).osName("Mac OS X").load();
    assertThat(recipients(mac)).containsExactly(recipient(c));
    assertThat(mac.sources().get(3).location()).endsWith("Application Support/sops/age/keys.txt");
  }

  @Test
  @DisabledOnOs(OS.WINDOWS)
  void keyCommandOutputIsIdentityTextAndSeesTheGivenEnvironment() throws Exception {
    Path f = write("cmd/keys.txt", a.encode() + "\n");
    Map<String, String> env = new HashMap<>();
    env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    env.put("KEYS_AT", f.toString());
    env.put("SOPS_AGE_KEY_CMD", "cat \"$KEYS_AT\"");
    KeyRing ring = load(env);
    assertThat(recipients(ring)).containsExactly(recipient(a));
    assertThat(ring.sources().get(2)).extracting(KeySource::status, KeySource::identities)
        .containsExactly(Status.LOADED, 1);
    assertOpens(ring, a);
  }

  @Test
  @DisabledOnOs(OS.WINDOWS)
  void failingKeyCommandIsReportedWithItsExitCodeNotItsOutput() throws Exception {
    KeyRing ring = load(Map.of("SOPS_AGE_KEY_CMD", "echo " + a.encode() + "; exit 3"));
    assertThat(ring.identities()).isEmpty();
    assertThat(ring.sources().get(2).status()).isEqualTo(Status.FAILED);
    assertThat(ring.problems()).singleElement()
        .hasToString("command from SOPS_AGE_KEY_CMD: the command failed with exit code 3");
    assertThat(ring.toString()).doesNotContain(a.encode());
    assertThatThrownBy(() -> KeyRingLoader.of(Map.of("SOPS_AGE_KEY_CMD", "exit 7"), home).strict(true).load())
        .isInstanceOf(AgeKeyException.class).hasMessageContaining("exit code 7");
  }

  @Test
  void sourcesAreUsedInSopsOrder() throws Exception {
    write(".config/sops/age/keys.txt", c.encode() + "\n");
    Path f = write("file.txt", b.encode() + "\n");
    X25519Identity explicit = X25519Identity.generate();
    Path e = write("explicit.txt", explicit.encode() + "\n");
    KeyRing ring = KeyRingLoader.of(Map.of("SOPS_AGE_KEY", a.encode(), "SOPS_AGE_KEY_FILE", f.toString()), home)
        .osName("Linux").keyFile(e).load();
    assertThat(recipients(ring)).containsExactly(recipient(explicit), recipient(a), recipient(b), recipient(c));
    assertThat(ring.sources().get(0).kind()).isEqualTo("explicit key file");
  }

  @Test
  void oneBadLineIsReportedWithFileAndLineAndKeepsTheOtherKeys() throws Exception {
    String badLine = "AGE-SECRET-KEY-1NOTAVALIDKEYCANARYQQQQ";
    Path f = write(".config/sops/age/keys.txt", "# created\n" + a.encode() + "\n" + badLine + "\n" + b.encode() + "\n");
    KeyRing ring = load(Map.of());
    assertThat(recipients(ring)).containsExactly(recipient(a), recipient(b));
    KeyProblem p = ring.problems().get(0);
    assertThat(ring.problems()).hasSize(1);
    assertThat(p.source()).isEqualTo(f.toString());
    assertThat(p.line()).isEqualTo(3);
    assertThat(p.toString()).startsWith(f + ": line 3: ").doesNotContain("CANARY");
    assertThat(ring.sources().get(3)).extracting(KeySource::status, KeySource::identities)
        .containsExactly(Status.LOADED, 2);
    assertOpens(ring, b);

    assertThatThrownBy(() -> KeyRingLoader.of(Map.of(), home).osName("Linux").strict(true).load())
        .isInstanceOf(AgeKeyException.class)
        .hasMessageContaining(f + ": line 3: ")
        .hasMessageNotContaining("CANARY");
  }

  @Test
  void everyBadLineIsListed() throws Exception {
    Path f = write("k.txt", "age1notanidentity\n" + a.encode() + "\nAGE-PLUGIN-FOO-1XYZ\n");
    KeyRing ring = KeyRingLoader.of(Map.of(), home).standardSources(false).keyFile(f).load();
    assertThat(recipients(ring)).containsExactly(recipient(a));
    assertThat(ring.problems()).extracting(KeyProblem::line).containsExactly(1, 3);
    assertThat(ring.sources()).hasSize(1);
  }

  @Test
  void fileWithoutIdentitiesIsAProblem() throws Exception {
    Path f = write("k.txt", "# nothing here\n\n");
    KeyRing ring = KeyRingLoader.of(Map.of(), home).standardSources(false).keyFile(f).load();
    assertThat(ring.problems()).singleElement().hasToString(f + ": no identities found");
  }

  @Test
  void explicitFilesMustExistOptionalOnesNeedNot() throws Exception {
    Path missingKey = home.resolve("missing.txt");
    Path missingSsh = home.resolve("missing_ssh");
    KeyRing ring = KeyRingLoader.of(Map.of(), home).osName("Linux").keyFile(missingKey).sshKeyPath(missingSsh).load();
    assertThat(ring.sources().subList(0, 2)).extracting(KeySource::status).containsOnly(Status.FAILED);
    assertThat(ring.problems()).extracting(KeyProblem::toString)
        .containsExactly(missingKey + ": file not found", missingSsh + ": file not found");
    assertThat(ring.sources().subList(2, ring.sources().size())).extracting(KeySource::status)
        .doesNotContain(Status.FAILED, Status.LOADED);
  }

  @Test
  void passphraseProtectedIdentityFileUsesTheCallersSupplier() throws Exception {
    byte[] pass = "correct horse".getBytes(StandardCharsets.UTF_8);
    byte[] enc = Age.encrypt((a.encode() + "\n").getBytes(StandardCharsets.UTF_8),
        List.of(new ScryptRecipient(pass).withWorkFactor(10)));
    Path f = home.resolve("keys.age");
    Files.write(f, enc);
    Map<String, String> env = Map.of("SOPS_AGE_KEY_FILE", f.toString());

    KeyRing ring = KeyRingLoader.of(env, home).passphrase("correct horse"::toCharArray).load();
    assertThat(recipients(ring)).containsExactly(recipient(a));

    KeyRing wrong = KeyRingLoader.of(env, home).passphrase("wrong"::toCharArray).load();
    assertThat(wrong.identities()).isEmpty();
    assertThat(wrong.problems()).singleElement().extracting(KeyProblem::message).asString()
        .contains("incorrect passphrase");
    KeyRing none = KeyRingLoader.of(env, home).load();
    assertThat(none.problems()).singleElement().extracting(KeyProblem::message).asString()
        .contains("passphrase is required");
  }

  @Test
  void passphrasePromptIsToldWhichIdentityFileItIsFor() throws Exception {
    byte[] enc = Age.encrypt((a.encode() + "\n").getBytes(StandardCharsets.UTF_8),
        List.of(new ScryptRecipient("correct horse".getBytes(StandardCharsets.UTF_8)).withWorkFactor(10)));
    Path f = home.resolve("keys.age");
    Files.write(f, enc);
    List<String> asked = new java.util.ArrayList<>();

    KeyRing ring = KeyRingLoader.of(Map.of(), home).standardSources(false).keyFile(f).passphrase(source -> {
      asked.add(source);
      return "correct horse".toCharArray();
    }).load();

    assertThat(asked).containsExactly(f.toString());
    assertThat(recipients(ring)).containsExactly(recipient(a));
    assertThat(ring.sources().get(0).found()).extracting(FoundIdentity::recipient).containsExactly(recipient(a));
  }

  @Test
  void toStringShowsNoKeyMaterial() throws Exception {
    write(".config/sops/age/keys.txt", a.encode() + "\nAGE-SECRET-KEY-1CANARY\n");
    KeyRing ring = KeyRingLoader.of(Map.of("SOPS_AGE_KEY", b.encode()), home).osName("Linux").load();
    String all = ring + " " + ring.sources() + " " + ring.problems();
    assertThat(ring.identities()).hasSize(2);
    assertThat(all).doesNotContain(a.encode()).doesNotContain(b.encode()).doesNotContain("CANARY")
        .doesNotContain(a.encode().substring(16, 40)).contains("KeyRing[2 identities (X25519, X25519)");
  }
}
