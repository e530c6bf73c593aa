package dev.sops4j.keys;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sops4j.age.Age;
import dev.sops4j.age.Identity;
import dev.sops4j.age.NoIdentityMatchException;
import dev.sops4j.keys.KeySource.Status;
import dev.sops4j.testsupport.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SSH keys in the ring: ed25519 keys open files for both the native stanza and the ssh-to-age recipient. */
class KeyRingSshTest {
  private static final String ED = "ssh-to-age/cmd/ssh-to-age/test-assets/id_ed25519";
  @TempDir Path home;

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
  void passphraseProtectedSshKeyIsAProblemNotACrash() throws Exception {
    copy("ssh-to-age/cmd/ssh-to-age/test-assets/id_ed25519_passphrase", ".ssh/id_ed25519");
    Path ed = home.resolve(".ssh/id_ed25519");
    KeyRing ring = KeyRingLoader.of(Map.of(), home).osName("Linux").load();
    assertThat(ring.identities()).isEmpty();
    assertThat(ring.sources().get(5).status()).isEqualTo(Status.FAILED);
    assertThat(ring.problems()).singleElement().extracting(KeyProblem::source).isEqualTo(ed.toString());
  }

  @Test
  void sshKeyInAnIdentityFileAlsoGivesBothIdentities() throws Exception {
    Path key = copy(ED, "keys.txt");
    KeyRing ring = KeyRingLoader.of(Map.of("SOPS_AGE_KEY_FILE", key.toString()), home).load();
    assertThat(ring.identities()).extracting(Identity::type).containsExactly("ssh-ed25519", "X25519");
  }
}
