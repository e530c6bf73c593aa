package dev.sops4j.pgp;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sops4j.testsupport.Fixtures;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Date;
import java.util.HexFormat;
import java.util.Iterator;
import org.bouncycastle.bcpg.SymmetricKeyAlgorithmTags;
import org.bouncycastle.openpgp.PGPEncryptedDataGenerator;
import org.bouncycastle.openpgp.PGPLiteralData;
import org.bouncycastle.openpgp.PGPLiteralDataGenerator;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.operator.bc.BcPGPDataEncryptorBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPublicKeyKeyEncryptionMethodGenerator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Encrypt/decrypt round trips with the fixture keys, key lookup, and every bad message's error. */
class PgpMessageTest {
  private static final String CANARY = "canary-plaintext-31f9a0";
  private static final String CANARY_PASS = "canary-passphrase-8c21e";

  private static PgpSecretKeys secret;
  private static PgpPublicKeys pub;

  @BeforeAll
  static void load() throws Exception {
    Path sops = Fixtures.path(TestKeys.SOPS_KEY);
    Path sshKey = Fixtures.path(TestKeys.NIX + "ssh-key.asc");
    secret = PgpKeys.readSecretKeys(sops, PgpPassphrase.NONE)
        .plus(PgpKeys.readSecretKeys(TestKeys.kropsKey(), PgpPassphrase.NONE))
        .plus(PgpKeys.readSecretKeys(sshKey, PgpPassphrase.NONE));
    pub = PgpKeys.readPublicKeys(sops).plus(PgpKeys.readPublicKeys(TestKeys.kropsKey()))
        .plus(PgpKeys.readPublicKeys(sshKey));
  }

  @ParameterizedTest
  @ValueSource(strings = {TestKeys.SOPS_FP, "D7229043384BCC60326C6FB9D8720D957C3D3074", TestKeys.KROPS_FP,
      "2504791468B153B8A3963CC97BA53D1919C5DFD4"})
  void roundTripsThroughEveryFixtureKey(String fp) throws Exception {
    byte[] dataKey = new byte[32];
    new SecureRandom().nextBytes(dataKey);
    String message = Pgp.encrypt(dataKey, pub.require(fp));
    assertThat(message).startsWith("-----BEGIN PGP MESSAGE-----\n\n").endsWith("\n-----END PGP MESSAGE-----")
        .doesNotContain("Version:").doesNotContain("\r");
    assertThat(Pgp.decrypt(message, secret)).isEqualTo(dataKey);
    String again = Pgp.encrypt(dataKey, pub, fp.toLowerCase(java.util.Locale.ROOT));
    assertThat(again).as("fresh session key each time").isNotEqualTo(message);
    assertThat(Pgp.decrypt(again, secret)).isEqualTo(dataKey);
  }

  @Test
  void encryptsToTheEncryptionSubkeyOrAnEncryptingPrimary() throws Exception {
    assertThat(pub.require(TestKeys.SOPS_FP).encryptionKeyFingerprint())
        .isEqualTo("71D962851765394F76DB9CFC25294A17CD90507F");
    assertThat(pub.require(TestKeys.KROPS_FP).encryptionKeyFingerprint()).isEqualTo(TestKeys.KROPS_FP);
    String message = Pgp.encrypt(new byte[32], pub.require(TestKeys.SOPS_FP));
    PgpSecretKeys onlySubkey = new PgpSecretKeys(secret.find("71D962851765394F76DB9CFC25294A17CD90507F"),
        java.util.List.of());
    assertThat(onlySubkey.keys()).hasSize(1);
    assertThat(Pgp.decrypt(message, onlySubkey)).isEqualTo(new byte[32]);
  }

  @Test
  void lookupBySpacedLowercaseFingerprintSubkeyFingerprintOrKeyId() throws Exception {
    assertThat(pub.require("fbc7 b9e2 a4f9 289a c0c1  d484 3d16 cee4 a273 81b4").fingerprint())
        .isEqualTo(TestKeys.SOPS_FP);
    assertThat(pub.require("71D962851765394F76DB9CFC25294A17CD90507F").fingerprint()).isEqualTo(TestKeys.SOPS_FP);
    assertThat(pub.require("0x3D16CEE4A27381B4").fingerprint()).isEqualTo(TestKeys.SOPS_FP);
    assertThat(pub.require(TestKeys.SOPS_FP).userIds()).singleElement().asString().startsWith("SOPS Functional");
    assertThatThrownBy(() -> pub.require("0123456789ABCDEF0123456789ABCDEF01234567"))
        .isInstanceOf(PgpKeyException.class)
        .hasMessageContaining("no PGP public key 0123456789ABCDEF0123456789ABCDEF01234567")
        .hasMessageContaining(TestKeys.SOPS_KEY.substring(TestKeys.SOPS_KEY.lastIndexOf('/') + 1));
    assertThatThrownBy(() -> pub.require("not-a-fingerprint")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void noMatchingKeyListsTheMessageKeyIdsAndTheKeysHeld() throws Exception {
    String message = Pgp.encrypt(new byte[32], pub.require(TestKeys.SOPS_FP));
    assertThatThrownBy(() -> Pgp.decrypt(message, PgpSecretKeys.empty(), "secrets.yaml pgp[0]"))
        .isInstanceOf(PgpNoMatchingKeyException.class)
        .hasMessage("secrets.yaml pgp[0]: no PGP secret key for this message; it is encrypted to key id "
            + "25294A17CD90507F; keys held: none");
    PgpSecretKeys krops = PgpKeys.readSecretKeys(TestKeys.kropsKey(), PgpPassphrase.NONE);
    assertThatThrownBy(() -> Pgp.decrypt(message, krops))
        .isInstanceOfSatisfying(PgpNoMatchingKeyException.class, e -> {
          assertThat(e.recipientKeyIds()).containsExactly("25294A17CD90507F");
          assertThat(e.heldFingerprints()).containsExactly(TestKeys.KROPS_FP);
        })
        .hasMessageContaining("keys held: " + TestKeys.KROPS_FP);
  }

  @ParameterizedTest
  @ValueSource(ints = {-1, -5, -22, -40, 30})
  void aModifiedMessageFailsItsIntegrityCheckWithoutShowingPlaintext(int position) throws Exception {
    String message = Pgp.encrypt(CANARY.getBytes(UTF_8), pub.require(TestKeys.KROPS_FP));
    byte[] packets = TestKeys.dearmor(message.getBytes(US_ASCII));
    int at = position < 0 ? packets.length + position : packets.length - CANARY.length() - position;
    packets[at] ^= 0x01;
    String tampered = new String(TestKeys.armor(packets), US_ASCII);
    assertThatThrownBy(() -> Pgp.decrypt(tampered, secret, "tampered"))
        .isInstanceOf(PgpMessageException.class)
        .hasMessageStartingWith("tampered: ")
        .satisfies(e -> assertThat(SecretsInFailures.everything(e)).doesNotContain(CANARY));
  }

  @Test
  void aMessageWithoutMdcIsRefused() throws Exception {
    PGPPublicKey key = pub.require(TestKeys.KROPS_FP).ring().getPublicKey();
    ByteArrayOutputStream binary = new ByteArrayOutputStream();
    PGPEncryptedDataGenerator gen = new PGPEncryptedDataGenerator(
        new BcPGPDataEncryptorBuilder(SymmetricKeyAlgorithmTags.AES_256).setWithIntegrityPacket(false)
            .setSecureRandom(new SecureRandom()));
    gen.addMethod(new BcPublicKeyKeyEncryptionMethodGenerator(key));
    try (OutputStream enc = gen.open(binary, new byte[4096]);
        OutputStream lit = new PGPLiteralDataGenerator().open(enc, PGPLiteralData.BINARY, "", 5, new Date())) {
      lit.write("hello".getBytes(UTF_8));
    }
    String message = new String(TestKeys.armor(binary.toByteArray()), US_ASCII);
    assertThatThrownBy(() -> Pgp.decrypt(message, secret))
        .isInstanceOf(PgpMessageException.class)
        .hasMessageContaining("not integrity protected");
  }

  @Test
  void malformedInputsAreClearMessageErrors() throws Exception {
    String good = Pgp.encrypt(new byte[32], pub.require(TestKeys.KROPS_FP));
    String[] bad = {
        "", "hello", "-----BEGIN PGP SIGNATURE-----\n\nAAAA\n-----END PGP SIGNATURE-----\n",
        good.substring(0, good.length() / 2),
        good.replaceFirst("\n=....\n", "\n=AAAA\n"),
        "-----BEGIN PGP MESSAGE-----\n\n-----END PGP MESSAGE-----\n",
        "-----BEGIN PGP MESSAGE-----\n\nAAECAwQFBgcICQ==\n-----END PGP MESSAGE-----\n"};
    for (String message : bad) {
      assertThatThrownBy(() -> Pgp.decrypt(message, secret, "entry"))
          .as("input %s", message)
          .isInstanceOf(PgpMessageException.class)
          .hasMessageStartingWith("entry: ");
    }
  }

  @Test
  void aPlainLiteralMessageIsNotAcceptedAndItsContentNeverShown() throws Exception {
    ByteArrayOutputStream binary = new ByteArrayOutputStream();
    try (OutputStream lit = new PGPLiteralDataGenerator().open(binary, PGPLiteralData.BINARY, "",
        CANARY.length(), new Date())) {
      lit.write(CANARY.getBytes(UTF_8));
    }
    String message = new String(TestKeys.armor(binary.toByteArray()), US_ASCII);
    assertThatThrownBy(() -> Pgp.decrypt(message, secret))
        .isInstanceOf(PgpMessageException.class)
        .hasMessageContaining("not an encrypted message")
        .satisfies(e -> assertThat(SecretsInFailures.everything(e)).doesNotContain(CANARY));
  }

  @Test
  void passphraseProtectedKeysAskOnceAndNeverPrintThePassphrase(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("protected.asc");
    Files.write(file, TestKeys.protect(TestKeys.kropsKey(), CANARY_PASS.toCharArray()));
    String[] entry = TestKeys.kropsEntry();
    int[] asked = {0};
    PgpSecretKeys keys = PgpKeys.readSecretKeys(file, fp -> {
      asked[0]++;
      assertThat(fp).isEqualTo(TestKeys.KROPS_FP);
      return CANARY_PASS.toCharArray();
    });
    assertThat(keys.keys()).allSatisfy(k -> assertThat(k.isProtected()).isTrue());
    assertThat(HexFormat.of().formatHex(Pgp.decrypt(entry[0], keys))).isEqualTo(entry[1]);
    assertThat(HexFormat.of().formatHex(Pgp.decrypt(entry[0], keys))).isEqualTo(entry[1]);
    assertThat(asked[0]).isEqualTo(1);
    assertThat(keys.toString() + keys.keys()).doesNotContain(CANARY_PASS).contains(TestKeys.KROPS_FP);

    PgpSecretKeys wrong = PgpKeys.readSecretKeys(file, PgpPassphrase.of((CANARY_PASS + "x").toCharArray()));
    assertThatThrownBy(() -> Pgp.decrypt(entry[0], wrong))
        .isInstanceOfSatisfying(PgpPassphraseException.class,
            e -> assertThat(e.fingerprint()).isEqualTo(TestKeys.KROPS_FP))
        .hasMessage("wrong passphrase for PGP key " + TestKeys.KROPS_FP + " from " + file)
        .satisfies(e -> assertThat(SecretsInFailures.everything(e)).doesNotContain(CANARY_PASS));
    PgpSecretKeys none = PgpKeys.readSecretKeys(file, PgpPassphrase.NONE);
    assertThatThrownBy(() -> Pgp.decrypt(entry[0], none))
        .isInstanceOf(PgpPassphraseException.class)
        .hasMessageContaining("no passphrase was given");
  }

  @Test
  void keysPrintFingerprintsOnly() {
    PgpSecretKey subkey = secret.find("71D962851765394F76DB9CFC25294A17CD90507F").get(0);
    assertThat(subkey).hasToString("PGP secret key 71D962851765394F76DB9CFC25294A17CD90507F (subkey of "
        + TestKeys.SOPS_FP + ") from " + Fixtures.path(TestKeys.SOPS_KEY));
    Iterator<String> fps = secret.primaryFingerprints().iterator();
    assertThat(secret.toString()).startsWith(secret.keys().size() + " PGP secret keys [" + fps.next());
  }
}
