package dev.sops4j.pgp;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sops4j.testsupport.Fixtures;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.bouncycastle.bcpg.RSAPublicBCPGKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading keys: armored and binary, keyrings, keyboxes, GnuPG homes, and every bad key file's error. */
class PgpKeysTest {
  @TempDir Path dir;

  @Test
  void armoredAndBinarySecretKeysGiveTheSameKeys() throws Exception {
    Path armored = Fixtures.path(TestKeys.SOPS_KEY);
    Path binary = dir.resolve("secring.gpg");
    Files.write(binary, TestKeys.dearmor(Files.readAllBytes(armored)));
    PgpSecretKeys a = PgpKeys.readSecretKeys(armored, PgpPassphrase.NONE);
    PgpSecretKeys b = PgpKeys.readSecretKeys(binary, PgpPassphrase.NONE);
    assertThat(a.fingerprints()).containsExactly(TestKeys.SOPS_FP, "71D962851765394F76DB9CFC25294A17CD90507F",
        "D7229043384BCC60326C6FB9D8720D957C3D3074", "EA21E43623FA56D04982323A5C5525B581705783");
    assertThat(b.fingerprints()).isEqualTo(a.fingerprints());
    assertThat(b.keys().get(0).source()).isEqualTo(binary.toString());
  }

  @Test
  void publicKeysFromKeyboxSecretKeysAndArmoredFiles() throws Exception {
    assertThat(PgpKeys.readPublicKeys(TestKeys.gnupgHome().resolve("pubring.kbx")).fingerprints())
        .containsExactly(TestKeys.KROPS_FP);
    assertThat(PgpKeys.readGnupgHomePublicKeys(TestKeys.gnupgHome()).fingerprints())
        .containsExactly(TestKeys.KROPS_FP);
    assertThat(PgpKeys.readPublicKeys(Fixtures.path(TestKeys.SOPS_KEY)).fingerprints()).containsExactly(
        TestKeys.SOPS_FP, "D7229043384BCC60326C6FB9D8720D957C3D3074", "B611A2F9F11D0FF82568805119F9B5DAEA91FF86");
    assertThat(PgpKeys.readPublicKeys(TestKeys.kropsKey()).require(TestKeys.KROPS_FP).userIds())
        .containsExactly("krops-test <root@krops-test>");
  }

  @Test
  void badKeyFilesNameTheFileAndWhatIsWrong() throws Exception {
    String key = Files.readString(TestKeys.kropsKey());
    Path noEnd = write("no-end.asc", "# comment\n\n" + key.substring(0, key.indexOf("-----END")));
    Path badBase64 = write("bad.asc", key.replaceFirst("\n[A-Za-z0-9+/]{20}", "\n!!!!!!!!!!!!!!!!!!!!"));
    Path message = write("message.asc", Pgp.encrypt(new byte[4], PgpKeys.readPublicKeys(TestKeys.kropsKey())
        .require(TestKeys.KROPS_FP)));
    Path garbage = write("garbage.gpg", "\u0001\u0002 not a key at all");
    Path empty = write("empty.gpg", "");
    Path publicOnly = write("public.asc", new String(TestKeys.armor(
        PgpKeys.readPublicKeys(TestKeys.kropsKey()).require(TestKeys.KROPS_FP).ring().getEncoded()), US_ASCII));
    assertKeyError(noEnd, "line 3: armored block has no END line");
    assertKeyError(badBase64, "broken ASCII armor");
    assertKeyError(message, "line 1: an armored PGP MESSAGE, not a key");
    assertKeyError(garbage, "not a valid OpenPGP key");
    assertKeyError(empty, "no OpenPGP key found");
    assertKeyError(publicOnly, "holds only public keys, no secret key");
    assertKeyError(dir.resolve("missing.asc"), "file not found");
    assertKeyError(dir, "is a directory");
  }

  private void assertKeyError(Path file, String problem) {
    assertThatThrownBy(() -> PgpKeys.readSecretKeys(file, PgpPassphrase.NONE))
        .isInstanceOf(PgpKeyException.class)
        .hasMessageStartingWith(file + ": ")
        .hasMessageContaining(problem);
  }

  @Test
  void gnupgHomeReportsAgentFilesItCannotUse() throws Exception {
    Path home = copyHome();
    Path keys = home.resolve("private-keys-v1.d");
    Files.writeString(keys.resolve("0000000000000000000000000000000000000000.key"),
        "(11:private-key(3:rsa(1:n3:abc)(1:e1:\u0003)))");
    RSAPublicBCPGKey rsa = (RSAPublicBCPGKey) PgpKeys.readGnupgHomePublicKeys(home).require(TestKeys.KROPS_FP)
        .ring().getPublicKey().getPublicKeyPacket().getKey();
    String krops = keys.resolve("289B6199193DE765808658DA7A0B892D914345FC.key").toString();
    Files.move(Path.of(krops), keys.resolve("1111111111111111111111111111111111111111.key"));
    Files.write(keys.resolve("289B6199193DE765808658DA7A0B892D914345FC.key"), shadowed(rsa));
    Files.writeString(keys.resolve("2222222222222222222222222222222222222222.key"), "not an s-expression");

    PgpSecretKeys found = PgpKeys.readGnupgHome(home, PgpPassphrase.NONE);
    assertThat(found.primaryFingerprints()).containsExactly(TestKeys.KROPS_FP);
    assertThat(found.keys()).singleElement().satisfies(k -> assertThat(k.source()).endsWith("1111.key"));
    assertThat(found.skipped()).hasSize(3);
    assertThat(found.skipped().get(0)).startsWith(keys.resolve("0000000000000000000000000000000000000000.key")
        + ": no public key for this agent key in " + home.resolve("pubring.kbx"));
    assertThat(found.skipped()).anySatisfy(s -> assertThat(s).contains("2222.key: not a GnuPG agent key file"));
    assertThat(found.skipped()).anySatisfy(s -> assertThat(s)
        .contains("289B6199193DE765808658DA7A0B892D914345FC.key: key " + TestKeys.KROPS_FP
            + " is on a smartcard or token (shadowed)"));
    String[] entry = TestKeys.kropsEntry();
    assertThat(HexFormat.of().formatHex(Pgp.decrypt(entry[0], found))).isEqualTo(entry[1]);
  }

  @Test
  void gnupgHomeWithOnlyALegacySecringOrNothing() throws Exception {
    Path legacy = Files.createDirectories(dir.resolve("legacy"));
    Files.write(legacy.resolve("secring.gpg"), TestKeys.dearmor(Files.readAllBytes(TestKeys.kropsKey())));
    assertThat(PgpKeys.readGnupgHome(legacy, PgpPassphrase.NONE).primaryFingerprints())
        .containsExactly(TestKeys.KROPS_FP);
    Path empty = Files.createDirectories(dir.resolve("empty"));
    assertThat(PgpKeys.readGnupgHome(empty, PgpPassphrase.NONE).isEmpty()).isTrue();
    assertThatThrownBy(() -> PgpKeys.readGnupgHome(dir.resolve("nope"), PgpPassphrase.NONE))
        .isInstanceOf(PgpKeyException.class).hasMessageContaining("GnuPG home directory not found");
  }

  @Test
  void fingerprintSpelling() {
    assertThat(PgpFingerprints.normalize(" 0x7fb8 9715 aada 920d 65d2  5e63 f9ba 9deb d03f 57c0"))
        .isEqualTo(TestKeys.KROPS_FP);
    assertThat(PgpFingerprints.keyId(0x3D16CEE4A27381B4L)).isEqualTo("3D16CEE4A27381B4");
    for (String bad : new String[] {"", "xyz", "7FB89715AADA920D65D25E63F9BA9DEBD03F57C", "G".repeat(40)}) {
      assertThatThrownBy(() -> PgpFingerprints.normalize(bad)).isInstanceOf(IllegalArgumentException.class);
    }
  }

  private Path write(String name, String content) throws Exception {
    return Files.writeString(dir.resolve(name), content, java.nio.charset.StandardCharsets.ISO_8859_1);
  }

  private Path copyHome() throws Exception {
    Path home = dir.resolve("gnupghome");
    try (Stream<Path> files = Files.walk(TestKeys.gnupgHome())) {
      for (Path p : files.toList()) {
        Path target = home.resolve(TestKeys.gnupgHome().relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
          target.toFile().setWritable(true);
        }
      }
    }
    return home;
  }

  /** A canonical shadowed-private-key expression for an RSA key (as gpg writes for smartcard keys). */
  private static byte[] shadowed(RSAPublicBCPGKey rsa) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write("(20:shadowed-private-key(3:rsa(1:n".getBytes(US_ASCII));
    atom(out, org.bouncycastle.util.BigIntegers.asUnsignedByteArray(rsa.getModulus()));
    out.write(")(1:e".getBytes(US_ASCII));
    atom(out, org.bouncycastle.util.BigIntegers.asUnsignedByteArray(rsa.getPublicExponent()));
    out.write(")(8:shadowed5:t1-v1(8:D2760001))))".getBytes(US_ASCII));
    return out.toByteArray();
  }

  private static void atom(ByteArrayOutputStream out, byte[] value) throws Exception {
    out.write((value.length + ":").getBytes(US_ASCII));
    out.write(value);
  }
}
