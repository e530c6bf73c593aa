package dev.sops4j.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sops4j.age.Age;
import dev.sops4j.age.AgeKeyException;
import dev.sops4j.age.Identity;
import dev.sops4j.age.NoIdentityMatchException;
import dev.sops4j.age.X25519Identity;
import dev.sops4j.keys.KeySource.Status;
import dev.sops4j.testsupport.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SSH keys in the ring: ed25519 keys open files for both the native stanza and the ssh-to-age recipient. */
class KeyRingSshTest {
  private static final String ED = "ssh-to-age/cmd/ssh-to-age/test-assets/id_ed25519";
  /** Passphrase "test"; its converted identity is in ../shared/fixtures/ssh-to-age/EXPECTED-derived.txt. */
  private static final String ENCRYPTED = "ssh-to-age/cmd/ssh-to-age/test-assets/id_ed25519_passphrase";
  private static final String CANARY = "canary-ring-pass-5d1";
  private static final String ENCRYPTED_CONVERTED_RECIPIENT = convertedRecipient();
  @TempDir Path home;

  private static String convertedRecipient() {
    try {
      return X25519Identity.parse("AGE-SECRET-KEY-1EJQ0DZ679RZ4MF6KDC8L8F327SHUULYD5XP53C08ZHYT0KQLNWJQHG7X8P")
          .recipient().encode();
    } catch (AgeKeyException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] fixture(String relative) throws Exception {
    return Files.readAllBytes(Fixtures.path(relative));
  }

  private Path copy(String fixture, String relative) throws Exception {
    Path p = home.resolve(relative);
    Files.createDirectories(p.getParent());
    Files.copy(Fixtures.path(fixture), p);
    return p;
  }

  @Test
  void onlyIdEd25519OpensBothTheSshStanzaFileAndTheConvertedRecipientFile() throws Exception {
    copy(ED, ".ssh/id_ed25519");
    KeyRing ring = KeyRingLoader.of(Map.of(), home).osName("Linux").load();
    assertThat(ring.identities()).extracting(Identity::type).containsExactly("ssh-ed25519", "X25519");
    assertThat(ring.sources().get(5)).extracting(KeySource::status, KeySource::identities)
        .containsExactly(Status.LOADED, 2);
    assertThat(ring.problems()).isEmpty();
    byte[] plaintext = fixture("generated/plaintext.txt");
    assertThat(Age.decrypt(fixture("generated/ssh-ed25519.age"), ring.identities())).isEqualTo(plaintext);
    assertThat(Age.decrypt(fixture("generated/x25519-to-converted-recipient.age"), ring.identities()))
        .isEqualTo(plaintext);
  }

  @Test
  void eachOfTheTwoIdentitiesOpensOnlyItsOwnFile() throws Exception {
    copy(ED, ".ssh/id_ed25519");
    List<Identity> ids = KeyRingLoader.of(Map.of(), home).osName("Linux").load().identities();
    byte[] converted = fixture("generated/x25519-to-converted-recipient.age");
    Assertions.assertThatThrownBy(() -> Age.decrypt(converted, List.of(ids.get(0))))
        .isInstanceOf(NoIdentityMatchException.class);
    Assertions.assertThatThrownBy(() -> Age.decrypt(fixture("generated/ssh-ed25519.age"), List.of(ids.get(1))))
        .isInstanceOf(NoIdentityMatchException.class);
  }

  @Test
  void idRsaGivesItsNativeIdentity() throws Exception {
    copy("generated/id_rsa_test", ".ssh/id_rsa");
    KeyRing ring = KeyRingLoader.of(Map.of(), home).osName("Linux").load();
    assertThat(ring.identities()).extracting(Identity::type).containsExactly("ssh-rsa");
    assertThat(Age.decrypt(fixture("generated/ssh-rsa.age"), ring.identities()))
        .isEqualTo(fixture("generated/plaintext.txt"));
  }

  @Test
  void sopsAgeSshPrivateKeyFileAndExplicitSshPaths() throws Exception {
    Path key = copy(ED, "keys/host_ed25519");
    KeyRing fromEnv = KeyRingLoader.of(Map.of("SOPS_AGE_SSH_PRIVATE_KEY_FILE", key.toString()), home).load();
    assertThat(fromEnv.sources().get(4)).extracting(KeySource::status, KeySource::identities)
        .containsExactly(Status.LOADED, 2);

    KeyRing explicit = KeyRingLoader.of(Map.of(), home).standardSources(false).sshKeyPath(key).load();
    assertThat(explicit.sources()).singleElement().extracting(KeySource::kind).isEqualTo("explicit SSH key");
    assertThat(Age.decrypt(fixture("generated/x25519-to-converted-recipient.age"), explicit.identities()))
        .isEqualTo(fixture("generated/plaintext.txt"));
  }

  @Test
  void passphraseProtectedDefaultKeyWithoutPassphraseIsSkippedNotAProblem() throws Exception {
    copy(ENCRYPTED, ".ssh/id_ed25519");
    KeyRing ring = KeyRingLoader.of(Map.of(), home).osName("Linux").strict(true).load();
    assertThat(ring.identities()).isEmpty();
    assertThat(ring.problems()).isEmpty();
    assertThat(ring.sources().get(5)).extracting(KeySource::status, KeySource::note)
        .containsExactly(Status.SKIPPED, "passphrase-protected and no passphrase given");

    KeyRing declined = KeyRingLoader.of(Map.of(), home).osName("Linux").passphrase(source -> null).load();
    assertThat(declined.sources().get(5).status()).isEqualTo(Status.SKIPPED);
  }

  @Test
  void passphraseProtectedDefaultKeyOpensWithThePromptWhichIsToldTheFile() throws Exception {
    Path ed = copy(ENCRYPTED, ".ssh/id_ed25519");
    List<String> asked = new ArrayList<>();
    KeyRing ring = KeyRingLoader.of(Map.of(), home).osName("Linux").passphrase(source -> {
      asked.add(source);
      return "test".toCharArray();
    }).load();

    assertThat(asked).containsExactly(ed.toString());
    assertThat(ring.identities()).extracting(Identity::type).containsExactly("ssh-ed25519", "X25519");
    assertThat(ring.sources().get(5).found()).extracting(FoundIdentity::recipient).containsExactly(
        Files.readString(Fixtures.path(ENCRYPTED + ".pub")).strip(), ENCRYPTED_CONVERTED_RECIPIENT);
    assertThat(ring.problems()).isEmpty();
  }

  @Test
  void wrongPassphraseIsAProblemWithoutThePassphrase() throws Exception {
    Path ed = copy(ENCRYPTED, ".ssh/id_ed25519");
    KeyRing ring = KeyRingLoader.of(Map.of(), home).osName("Linux").passphrase(s -> CANARY.toCharArray()).load();
    assertThat(ring.identities()).isEmpty();
    assertThat(ring.sources().get(5).status()).isEqualTo(Status.FAILED);
    assertThat(ring.problems()).singleElement().hasToString(ed + ": wrong passphrase");
    assertThat(ring.toString() + ring.sources() + KeyRingReport.lines(ring, home)).doesNotContain(CANARY);
  }

  @Test
  void explicitPassphraseProtectedKeysAreProblemsWithoutAPassphrase() throws Exception {
    Path key = copy(ENCRYPTED, "keys/host_key");
    KeyRing explicit = KeyRingLoader.of(Map.of(), home).standardSources(false).sshKeyPath(key).load();
    assertThat(explicit.sources()).singleElement().extracting(KeySource::status).isEqualTo(Status.FAILED);
    assertThat(explicit.problems()).singleElement()
        .hasToString(key + ": passphrase-protected OpenSSH key and no passphrase given");
    assertThatThrownBy(() -> KeyRingLoader.of(Map.of(), home).standardSources(false).sshKeyPath(key).strict(true)
        .load()).isInstanceOf(AgeKeyException.class).hasMessageContaining("no passphrase given");

    KeyRing fromEnv = KeyRingLoader.of(Map.of("SOPS_AGE_SSH_PRIVATE_KEY_FILE", key.toString()), home).load();
    assertThat(fromEnv.sources().get(4).status()).isEqualTo(Status.FAILED);
    KeyRing withSupplier = KeyRingLoader.of(Map.of("SOPS_AGE_SSH_PRIVATE_KEY_FILE", key.toString()), home)
        .passphrase("test"::toCharArray).load();
    assertThat(withSupplier.sources().get(4)).extracting(KeySource::status, KeySource::identities)
        .containsExactly(Status.LOADED, 2);
  }

  @Test
  void foundIdentitiesDescribeTheKeyPublicly() throws Exception {
    copy(ED, ".ssh/id_ed25519");
    KeyRing ring = KeyRingLoader.of(Map.of(), home).osName("Linux").load();
    assertThat(ring.sources().get(5).found()).extracting(FoundIdentity::toString).containsExactly(
        "ssh-ed25519: " + Files.readString(Fixtures.path(ED + ".pub")).strip(),
        "X25519: age17044m9wgakla6pzftf4srtl3h5mcsr85jysgt5fg23zpnta8sfdqhzn452");
  }

  @Test
  void sshKeyInAnIdentityFileAlsoGivesBothIdentities() throws Exception {
    Path key = copy(ED, "keys.txt");
    KeyRing ring = KeyRingLoader.of(Map.of("SOPS_AGE_KEY_FILE", key.toString()), home).load();
    assertThat(ring.identities()).extracting(Identity::type).containsExactly("ssh-ed25519", "X25519");
  }
}
