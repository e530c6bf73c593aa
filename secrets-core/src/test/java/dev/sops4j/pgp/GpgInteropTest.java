package dev.sops4j.pgp;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Interop with the real gpg (skipped without it, failing under CI=true): keys made by gpg (ed25519 +
 * cv25519, rsa3072, a passphrase-protected one) read from its home (keybox + agent key files) and from
 * its exports; messages gpg encrypts decrypt here, and messages we encrypt decrypt with gpg.
 */
class GpgInteropTest {
  private static final String CANARY_PASS = "canary-passphrase-6f1d0";
  private static final byte[] DATA_KEY = "0123456789abcdef0123456789abcdef".getBytes(UTF_8);

  @TempDir static Path dir;
  private static Gpg gpg;
  private static String ed;
  private static String rsa;
  private static String prot;
  private static String protRsa;

  @BeforeAll
  static void makeKeys() throws Exception {
    gpg = new Gpg(dir);
    ed = gpg.generate("Ed Test <ed@test>", "ed25519", "cv25519", "");
    rsa = gpg.generate("Rsa Test <rsa@test>", "rsa3072", "rsa3072", "");
    prot = gpg.generate("Protected Test <prot@test>", "ed25519", "cv25519", CANARY_PASS);
    protRsa = gpg.generate("Protected Rsa <prsa@test>", "rsa2048", "rsa2048", CANARY_PASS);
  }

  @AfterAll
  static void stopAgent() throws Exception {
    if (gpg != null) {
      gpg.close();
    }
  }

  static Stream<String> unprotected() {
    return Stream.of("ed", "rsa");
  }

  private static String fp(String name) {
    return name.equals("ed") ? ed : rsa;
  }

  private static String gpgEncrypt(String fp, String... extra) throws Exception {
    String[] args = Stream.concat(Stream.of("--trust-model", "always", "--armor", "--encrypt"),
        Stream.concat(Stream.of(extra), Stream.of("--recipient", fp))).toArray(String[]::new);
    return gpg.ok("", DATA_KEY, args).text();
  }

  @ParameterizedTest
  @MethodSource("unprotected")
  void gpgMessagesDecryptWithKeysFromTheGnupgHome(String name) throws Exception {
    PgpSecretKeys keys = PgpKeys.readGnupgHome(gpg.home(), PgpPassphrase.NONE);
    assertThat(keys.primaryFingerprints()).contains(ed, rsa, prot);
    assertThat(Pgp.decrypt(gpgEncrypt(fp(name)), keys)).isEqualTo(DATA_KEY);
  }

  @ParameterizedTest
  @MethodSource("unprotected")
  void gpgMessagesDecryptWithExportedSecretKeys(String name) throws Exception {
    Path binary = dir.resolve(name + "-secring.gpg");
    Files.write(binary, gpg.ok("", null, "--export-secret-keys", fp(name)).stdout());
    Path armored = dir.resolve(name + "-secret.asc");
    Files.write(armored, gpg.ok("", null, "--armor", "--export-secret-keys", fp(name)).stdout());
    String message = gpgEncrypt(fp(name));
    assertThat(Pgp.decrypt(message, PgpKeys.readSecretKeys(binary, PgpPassphrase.NONE))).isEqualTo(DATA_KEY);
    assertThat(Pgp.decrypt(message, PgpKeys.readSecretKeys(armored, PgpPassphrase.NONE))).isEqualTo(DATA_KEY);
    Path legacyHome = Files.createDirectories(dir.resolve(name + "-legacy-home"));
    Files.copy(binary, legacyHome.resolve("secring.gpg"));
    assertThat(Pgp.decrypt(message, PgpKeys.readGnupgHome(legacyHome, PgpPassphrase.NONE))).isEqualTo(DATA_KEY);
  }

  @Test
  void hiddenRecipientTriesEveryKey() throws Exception {
    String message = gpgEncrypt(ed, "--throw-keyids");
    PgpSecretKeys keys = PgpKeys.readGnupgHome(gpg.home(), PgpPassphrase.NONE);
    PgpSecretKeys withoutProtected = new PgpSecretKeys(
        keys.keys().stream().filter(k -> !k.isProtected()).toList(), keys.skipped());
    assertThat(Pgp.decrypt(message, withoutProtected)).isEqualTo(DATA_KEY);
  }

  @Test
  void protectedKeyFromTheHomeAndFromItsExport() throws Exception {
    String message = gpgEncrypt(prot);
    PgpPassphrase right = PgpPassphrase.of(CANARY_PASS.toCharArray());
    assertThat(Pgp.decrypt(message, PgpKeys.readGnupgHome(gpg.home(), right))).isEqualTo(DATA_KEY);
    Path exported = dir.resolve("prot-secret.asc");
    Files.write(exported, gpg.ok(CANARY_PASS, null, "--armor", "--export-secret-keys", prot).stdout());
    PgpSecretKeys fromFile = PgpKeys.readSecretKeys(exported, right);
    assertThat(fromFile.keys()).allSatisfy(k -> assertThat(k.isProtected()).isTrue());
    assertThat(Pgp.decrypt(message, fromFile)).isEqualTo(DATA_KEY);
  }

  @Test
  void protectedRsaKeyFromTheHome() throws Exception {
    String message = gpgEncrypt(protRsa);
    PgpPassphrase right = PgpPassphrase.of(CANARY_PASS.toCharArray());
    assertThat(Pgp.decrypt(message, PgpKeys.readGnupgHome(gpg.home(), right))).isEqualTo(DATA_KEY);
    PgpSecretKeys wrong = PgpKeys.readGnupgHome(gpg.home(), PgpPassphrase.of("nope".toCharArray()));
    assertThatThrownBy(() -> Pgp.decrypt(message, wrong))
        .isInstanceOf(PgpPassphraseException.class).hasMessageContaining("subkey of " + protRsa);
  }

  @Test
  void valuesWrittenAsQuotedStringsAreUnescaped() throws Exception {
    Path copy = Files.createDirectories(dir.resolve("quoted-home"));
    Path keys = Files.createDirectories(copy.resolve("private-keys-v1.d"));
    Files.copy(gpg.home().resolve("pubring.kbx"), copy.resolve("pubring.kbx"));
    int rewritten = 0;
    try (Stream<Path> files = Files.list(gpg.home().resolve("private-keys-v1.d"))) {
      for (Path f : files.toList()) {
        String text = readLatin1(f);
        java.util.regex.Matcher salt =
            java.util.regex.Pattern.compile("\\(sha1\\s+#([0-9A-F]{16})#").matcher(text);
        if (salt.find()) {
          StringBuilder quoted = new StringBuilder("(sha1 \"");
          for (int i = 0; i < 16; i += 2) {
            quoted.append("\\x").append(salt.group(1), i, i + 2);
          }
          text = text.substring(0, salt.start()) + quoted.append('"') + text.substring(salt.end());
          rewritten++;
        }
        Files.write(keys.resolve(f.getFileName()), text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
      }
    }
    // four protected keys; gpg itself may have quoted a salt that happened to be printable
    assertThat(rewritten).isGreaterThanOrEqualTo(3);
    PgpPassphrase right = PgpPassphrase.of(CANARY_PASS.toCharArray());
    for (String fp : new String[] {prot, protRsa}) {
      assertThat(Pgp.decrypt(gpgEncrypt(fp), PgpKeys.readGnupgHome(copy, right))).isEqualTo(DATA_KEY);
    }
  }

  @Test
  void wrongOrMissingPassphraseNamesTheKeyNeverThePassphrase() throws Exception {
    String message = gpgEncrypt(prot);
    Path exported = dir.resolve("prot-secret-2.asc");
    Files.write(exported, gpg.ok(CANARY_PASS, null, "--armor", "--export-secret-keys", prot).stdout());
    PgpPassphrase wrong = PgpPassphrase.of((CANARY_PASS + "-wrong").toCharArray());
    for (PgpSecretKeys keys : new PgpSecretKeys[] {
        PgpKeys.readGnupgHome(gpg.home(), wrong), PgpKeys.readSecretKeys(exported, wrong)}) {
      assertThatThrownBy(() -> Pgp.decrypt(message, keys))
          .isInstanceOf(PgpPassphraseException.class)
          .hasMessageContaining("wrong passphrase")
          .hasMessageContaining("subkey of " + prot)
          .satisfies(e -> assertThat(SecretsInFailures.everything(e)).doesNotContain(CANARY_PASS));
    }
    assertThatThrownBy(() -> Pgp.decrypt(message, PgpKeys.readGnupgHome(gpg.home(), PgpPassphrase.NONE)))
        .isInstanceOf(PgpPassphraseException.class)
        .hasMessageContaining("no passphrase was given")
        .hasMessageContaining(prot);
  }

  @Test
  void classicAgentKeyFilesWithCbcProtection() throws Exception {
    try (Gpg classic = new Gpg(dir, "classic", "disable-extended-key-format")) {
      String locked = classic.generate("Classic <classic@test>", "ed25519", "cv25519", CANARY_PASS);
      String open = classic.generate("Open <open@test>", "ed25519", "cv25519", "");
      String lockedRsa = classic.generate("Classic Rsa <crsa@test>", "rsa2048", "rsa2048", CANARY_PASS);
      Path keys = classic.home().resolve("private-keys-v1.d");
      try (Stream<Path> files = Files.list(keys)) {
        assertThat(files.map(GpgInteropTest::readLatin1)).hasSize(6)
            .allSatisfy(k -> assertThat(k).startsWith("(").doesNotContain("openpgp-s2k3-ocb-aes"))
            .anySatisfy(k -> assertThat(k).contains("openpgp-s2k3-sha1-aes-cbc").contains("Curve25519"));
      }
      PgpPassphrase right = PgpPassphrase.of(CANARY_PASS.toCharArray());
      for (String fp : new String[] {locked, open, lockedRsa}) {
        String message = classic.ok("", DATA_KEY, "--trust-model", "always", "--armor", "--encrypt",
            "--recipient", fp).text();
        assertThat(Pgp.decrypt(message, PgpKeys.readGnupgHome(classic.home(), right))).isEqualTo(DATA_KEY);
      }
      String message = classic.ok("", DATA_KEY, "--trust-model", "always", "--armor", "--encrypt",
          "--recipient", locked).text();
      PgpSecretKeys wrong = PgpKeys.readGnupgHome(classic.home(), PgpPassphrase.of("nope".toCharArray()));
      assertThatThrownBy(() -> Pgp.decrypt(message, wrong))
          .isInstanceOf(PgpPassphraseException.class)
          .hasMessageContaining("subkey of " + locked);
    }
  }

  private static String readLatin1(Path p) {
    try {
      return new String(Files.readAllBytes(p), java.nio.charset.StandardCharsets.ISO_8859_1);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @ParameterizedTest
  @MethodSource("unprotected")
  void ourMessagesDecryptWithGpg(String name) throws Exception {
    Path armoredPublic = dir.resolve(name + "-public.asc");
    Files.write(armoredPublic, gpg.ok("", null, "--armor", "--export", fp(name)).stdout());
    Path binaryPublic = dir.resolve(name + "-pubring.gpg");
    Files.write(binaryPublic, gpg.ok("", null, "--export", fp(name)).stdout());
    Path secret = dir.resolve(name + "-secret-for-public.asc");
    Files.write(secret, gpg.ok("", null, "--armor", "--export-secret-keys", fp(name)).stdout());
    for (PgpPublicKeys keys : new PgpPublicKeys[] {
        PgpKeys.readGnupgHomePublicKeys(gpg.home()), PgpKeys.readPublicKeys(gpg.home().resolve("pubring.kbx")),
        PgpKeys.readPublicKeys(armoredPublic), PgpKeys.readPublicKeys(binaryPublic), PgpKeys.readPublicKeys(secret)}) {
      PgpPublicKey key = keys.require(fp(name).toLowerCase(java.util.Locale.ROOT));
      String message = Pgp.encrypt(DATA_KEY, key);
      assertThat(message).startsWith("-----BEGIN PGP MESSAGE-----\n\n").endsWith("-----END PGP MESSAGE-----");
      Gpg.Result decrypted = gpg.ok("", message.getBytes(UTF_8), "--decrypt");
      assertThat(decrypted.stdout()).isEqualTo(DATA_KEY);
      assertThat(decrypted.stderr()).doesNotContain("WARNING: message was not integrity protected");
    }
  }

  @Test
  void ourMessageIsAes256WithMdcToTheEncryptionSubkey() throws Exception {
    PgpPublicKey key = PgpKeys.readGnupgHomePublicKeys(gpg.home()).require(rsa);
    String message = Pgp.encrypt(DATA_KEY, key);
    String subkeyId = key.encryptionKeyFingerprint().substring(24);
    assertThat(key.encryptionKeyFingerprint()).isNotEqualTo(rsa);
    String packets = gpg.ok("", message.getBytes(UTF_8), "--list-packets", "--show-session-key").stderr()
        + gpg.ok("", message.getBytes(UTF_8), "--list-packets").text();
    assertThat(packets).contains("keyid " + subkeyId).contains("mdc_method: 2").contains("session key: '9:");
    assertThat(Pgp.decrypt(message, PgpKeys.readGnupgHome(gpg.home(), PgpPassphrase.NONE))).isEqualTo(DATA_KEY);
  }
}
