package dev.sops4j.sops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sops4j.age.AgeKeys;
import dev.sops4j.age.Identity;
import dev.sops4j.age.X25519Identity;
import dev.sops4j.keys.KeyRing;
import dev.sops4j.keys.KeyRingLoader;
import dev.sops4j.keys.PgpKeySources;
import dev.sops4j.pgp.PgpPublicKeys;
import dev.sops4j.sops.crypto.EncryptionRules;
import dev.sops4j.sops.format.Format;
import dev.sops4j.sops.tree.Scalar;
import dev.sops4j.testsupport.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** updatekeys, rotate and set on files written by the Go sops (sops-nix and sops test data). */
class SopsOperationsFixturesTest {
  @TempDir Path emptyHome;

  private static Path assets() {
    return Fixtures.path("sops-nix/pkgs/sops-install-secrets/test-assets");
  }

  private KeyRingLoader loader() {
    return KeyRingLoader.of(Map.of(), emptyHome).standardSources(false);
  }

  private KeyRing ageKeys() throws Exception {
    return loader().keyFile(assets().resolve("age-keys.txt")).load();
  }

  private KeyRing pgpKey(Path file) throws Exception {
    return loader().pgpKeyFile(file).load();
  }

  private SopsFile decrypt(byte[] data, Format format, KeyRing keys) throws Exception {
    return Sops.decrypt(data, "f", keys, DecryptOptions.defaults().withFormat(format));
  }

  @Test
  void rotateReWrapsForTheAgeAndPgpKeysOfASops37File() throws Exception {
    byte[] original = Files.readAllBytes(assets().resolve("secrets.yaml"));
    PgpPublicKeys certificates = PgpKeySources.of(Map.of(), emptyHome).standardSources(false)
        .keyFile(assets().resolve("key.asc")).keyFile(assets().resolve("ssh-key.asc")).loadPublicKeys().keys();

    byte[] rotated = Sops.rotate(original, "secrets.yaml", Format.YAML, ageKeys(), certificates);

    SopsFile before = decrypt(original, Format.YAML, ageKeys());
    assertThat(decrypt(rotated, Format.YAML, ageKeys()).documents()).isEqualTo(before.documents());
    assertThat(decrypt(rotated, Format.YAML, pgpKey(assets().resolve("key.asc"))).text("nested/test/file"))
        .isEqualTo("another value");
    assertThat(OpsFixture.text(rotated)).contains("version: 3.7.1", "fp: 7FB89715AADA920D65D25E63F9BA9DEBD03F57C0")
        .doesNotContain(OpsFixture.text(original).lines().filter(l -> l.startsWith("test_key:")).findFirst()
            .orElseThrow());
  }

  @Test
  void rotateNeedsThePublicKeyOfEveryPgpMasterKey() throws Exception {
    byte[] original = Files.readAllBytes(assets().resolve("secrets.yaml"));

    assertThatThrownBy(() -> Sops.rotate(original, "secrets.yaml", Format.YAML, ageKeys()))
        .isInstanceOf(SopsDataKeyException.class)
        .hasMessageContaining("secrets.yaml: cannot encrypt a new data key to PGP key ");
  }

  @Test
  void updatekeysDropsThePgpKeysOfASopsNixFileKeepingItsValues() throws Exception {
    byte[] original = Files.readAllBytes(assets().resolve("secrets.yaml"));
    Identity ageIdentity = AgeKeys.parseIdentities(Files.readString(assets().resolve("age-keys.txt")), "keys")
        .get(0);
    String recipient = AgeKeys.recipientOf(ageIdentity);
    X25519Identity extra = X25519Identity.generate();
    EncryptOptions wanted = new EncryptOptions(List.of(new MasterKeyGroup(List.of(
        new MasterKeyGroup.AgeTarget(recipient, AgeKeys.parseRecipient(recipient)),
        new MasterKeyGroup.AgeTarget(extra.recipient().encode(), extra.recipient())), List.of())), 0,
        EncryptionRules.defaults(), false);

    UpdateKeysResult result = Sops.updateKeys(original, "secrets.yaml", Format.YAML, ageKeys(), wanted);

    assertThat(result.changes().groups().get(0).removed()).hasSize(3)
        .contains("7FB89715AADA920D65D25E63F9BA9DEBD03F57C0");
    assertThat(result.changes().groups().get(0).added()).containsExactly(extra.recipient().encode());
    assertThat(Format.YAML.store().readEncrypted(result.file(), "after").documents())
        .isEqualTo(Format.YAML.store().readEncrypted(original, "before").documents());
    assertThat(decrypt(result.file(), Format.YAML, OpsFixture.ring(extra)).text("test_key")).isEqualTo("test_value");
    assertThatThrownBy(() -> decrypt(result.file(), Format.YAML, pgpKey(assets().resolve("key.asc"))))
        .isInstanceOf(SopsDataKeyException.class);
  }

  @Test
  void setWorksOnSopsWrittenIniDotenvJsonAndCommentedYaml() throws Exception {
    KeyRing pgp = pgpKey(assets().resolve("key.asc"));
    for (String name : List.of("secrets.ini", "secrets.env", "secrets.json")) {
      Format format = Format.fromPath(Path.of(name));
      byte[] original = Files.readAllBytes(assets().resolve(name));
      SopsFile before = decrypt(original, format, pgp);
      SopsPath path = format == Format.INI ? SopsPath.parseExtract("[\"Welcome!\"][\"hello\"]")
          : format == Format.DOTENV ? SopsPath.parseExtract("[\"never_gonna\"]")
          : SopsPath.parseExtract("[\"test_key\"]");

      byte[] changed = Sops.set(original, name, format, pgp, path, new Scalar.Str("changed ✓"));

      SopsFile after = decrypt(changed, format, pgp);
      assertThat(after.find(path)).as(name).contains(new Scalar.Str("changed ✓"));
      assertThat(decrypt(Sops.set(changed, name, format, pgp, path, before.get(path)), format, pgp).documents())
          .as(name).isEqualTo(before.documents());
    }
    KeyRing sopsKey = pgpKey(Fixtures.path("sops/pgp/sops_functional_tests_key.asc"));
    byte[] comments = Files.readAllBytes(Fixtures.path("sops/functional-tests/res/comments.enc.yaml"));
    byte[] set = Sops.set(comments, "comments.enc.yaml", Format.YAML, sopsKey, SopsPath.parseExtract("[\"dolor\"]"),
        new Scalar.Str("sit"));
    assertThat(OpsFixture.text(decrypt(set, Format.YAML, sopsKey).emit()))
        .isEqualTo(OpsFixture.text(decrypt(comments, Format.YAML, sopsKey).emit()).replaceFirst("dolor: .*", "dolor: sit"));
  }
}
