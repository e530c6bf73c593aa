package dev.sops4j.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sops4j.testsupport.Peers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Passphrase-protected PEM keys (legacy OpenSSL DEK-Info and PKCS#8 PBES2), made by ssh-keygen and openssl. */
class EncryptedPemKeyTest {
  private static final String CANARY = "canary-Pem-41c7";

  @TempDir Path dir;

  private static Supplier<char[]> pass(String p) {
    return p::toCharArray;
  }

  @Test
  void evpBytesToKeyMatchesOpenSsl() {
    // openssl enc -aes-256-cbc -pass pass:password -S 0102030405060708 -md md5 -P
    byte[] keyAndIv = EncryptedPemKeys.evpBytesToKey("password".getBytes(StandardCharsets.US_ASCII),
        HexFormat.of().parseHex("0102030405060708"), 48);
    assertThat(HexFormat.of().withUpperCase().formatHex(keyAndIv))
        .isEqualTo("E7B0971E52CA5CC8D0539FB3412F6316F7BA2E6EE293D9F3457B99436B51CE02"
            + "8D450E2ED75A84A923D4EAC9FE49226B");
  }

  @Test
  void sshKeygenPemRsaKey() throws Exception {
    Path keygen = Peers.executable("ssh-keygen");
    Path plain = ProcessRunner.sshKeygen(keygen, dir, "id_rsa", "-t", "rsa", "-b", "2048", "-C", "pem");
    Path enc = dir.resolve("id_rsa_pem");
    Files.copy(plain, enc);
    ProcessRunner.runOk(dir, List.of(keygen.toString(), "-q", "-p", "-m", "PEM", "-P", "", "-N", CANARY,
        "-f", enc.toString()), null);
    String text = Files.readString(enc);
    assertThat(text).startsWith("-----BEGIN RSA PRIVATE KEY-----").contains("Proc-Type: 4,ENCRYPTED")
        .contains("DEK-Info: AES-128-CBC,");

    assertOpensLike(text, OpenSshKeyParser.readPrivateKey(plain));
  }

  @ParameterizedTest
  @ValueSource(strings = {"-aes128", "-aes192", "-aes256", "-des3"})
  void opensslTraditionalRsaKeys(String cipher) throws Exception {
    Path openssl = Peers.executable("openssl");
    Path plain = dir.resolve("rsa.pem");
    ProcessRunner.runOk(dir, List.of(openssl.toString(), "genpkey", "-algorithm", "RSA", "-pkeyopt",
        "rsa_keygen_bits:2048", "-out", plain.toString()), null);
    Path enc = dir.resolve("rsa_enc.pem");
    ProcessRunner.runOk(dir, List.of(openssl.toString(), "rsa", "-in", plain.toString(), "-traditional", cipher,
        "-passout", "pass:" + CANARY, "-out", enc.toString()), null);
    String text = Files.readString(enc);
    assertThat(text).startsWith("-----BEGIN RSA PRIVATE KEY-----").contains("Proc-Type: 4,ENCRYPTED");

    assertOpensLike(text, OpenSshKeyParser.readPrivateKey(plain));
  }

  @ParameterizedTest
  @ValueSource(strings = {"aes256 hmacWithSHA256", "aes128 hmacWithSHA1", "des3 hmacWithSHA512"})
  void opensslPkcs8Pbes2RsaKeys(String cipherAndPrf) throws Exception {
    Path openssl = Peers.executable("openssl");
    String[] parts = cipherAndPrf.split(" ");
    Path plain = dir.resolve("rsa.pem");
    ProcessRunner.runOk(dir, List.of(openssl.toString(), "genpkey", "-algorithm", "RSA", "-pkeyopt",
        "rsa_keygen_bits:2048", "-out", plain.toString()), null);
    Path enc = dir.resolve("rsa_p8.pem");
    ProcessRunner.runOk(dir, List.of(openssl.toString(), "pkcs8", "-topk8", "-v2", parts[0], "-v2prf", parts[1],
        "-in", plain.toString(), "-passout", "pass:" + CANARY, "-out", enc.toString()), null);
    String text = Files.readString(enc);
    assertThat(text).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----");

    assertOpensLike(text, OpenSshKeyParser.readPrivateKey(plain));
  }

  @Test
  void opensslGenpkeyEd25519Aes256() throws Exception {
    Path openssl = Peers.executable("openssl");
    Path enc = dir.resolve("ed.pem");
    ProcessRunner.runOk(dir, List.of(openssl.toString(), "genpkey", "-algorithm", "ed25519", "-aes256",
        "-pass", "pass:" + CANARY, "-out", enc.toString()), null);
    Path plain = dir.resolve("ed_plain.pem");
    ProcessRunner.runOk(dir, List.of(openssl.toString(), "pkey", "-in", enc.toString(), "-passin",
        "pass:" + CANARY, "-out", plain.toString()), null);
    String text = Files.readString(enc);
    assertThat(text).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----");

    SshPrivateKey expected = OpenSshKeyParser.readPrivateKey(plain);
    assertThat(expected).isInstanceOf(SshEd25519PrivateKey.class);
    assertOpensLike(text, expected);
  }

  @Test
  void opensslScryptPkcs8IsRefusedByName() throws Exception {
    Path openssl = Peers.executable("openssl");
    Path plain = dir.resolve("ed_plain.pem");
    ProcessRunner.runOk(dir, List.of(openssl.toString(), "genpkey", "-algorithm", "ed25519", "-out",
        plain.toString()), null);
    Path enc = dir.resolve("ed_scrypt.pem");
    ProcessRunner.runOk(dir, List.of(openssl.toString(), "pkcs8", "-topk8", "-scrypt", "-in", plain.toString(),
        "-passout", "pass:" + CANARY, "-out", enc.toString()), null);
    assertThatThrownBy(() -> OpenSshKeyParser.parsePrivateKey(Files.readString(enc), "k", pass(CANARY)))
        .isInstanceOf(SshKeyException.class)
        .hasMessage("k: unsupported PKCS#8 key derivation 1.3.6.1.4.1.11591.4.11 (supported: PBKDF2)");
  }

  @Test
  void unknownLegacyCipherAndBadHeadersAreNamed() {
    String body = "AAAAAAAAAAAAAAAAAAAAAA==";
    assertThatThrownBy(() -> OpenSshKeyParser.parsePrivateKey(legacy("DEK-Info: BF-CBC,0001020304050607", body),
        "k", pass("x")))
        .hasMessage("k: unsupported PEM encryption 'BF-CBC' (supported: AES-128-CBC, AES-192-CBC, AES-256-CBC, "
            + "DES-EDE3-CBC)");
    assertThatThrownBy(() -> OpenSshKeyParser.parsePrivateKey(legacy("X-Other: 1", body), "k", pass("x")))
        .hasMessage("k: encrypted PEM key without a DEK-Info header");
    assertThatThrownBy(() -> OpenSshKeyParser.parsePrivateKey(
        legacy("DEK-Info: AES-128-CBC,zz000000000000000000000000000000", body), "k", pass("x")))
        .hasMessage("k: the IV in the DEK-Info header is not hex");
    assertThatThrownBy(() -> OpenSshKeyParser.parsePrivateKey(
        legacy("DEK-Info: AES-128-CBC,00000000000000000000000000000000", "AAAA"), "k", pass("x")))
        .hasMessage("k: the encrypted key is 3 bytes, not a whole number of 16-byte blocks");
  }

  /** Opens {@code text} with the right passphrase, and fails clearly with none and with a wrong one. */
  private static void assertOpensLike(String text, SshPrivateKey expected) throws Exception {
    List<char[]> handedOut = new ArrayList<>();
    Supplier<char[]> right = () -> {
      char[] c = CANARY.toCharArray();
      handedOut.add(c);
      return c;
    };
    SshPrivateKey actual = OpenSshKeyParser.parsePrivateKey(text, "k", right);
    assertThat(actual).isEqualTo(expected);
    assertThat(actual.publicKey()).isEqualTo(expected.publicKey());
    assertThat(handedOut).singleElement().satisfies(c -> assertThat(c).containsOnly('\0'));

    assertThatThrownBy(() -> OpenSshKeyParser.parsePrivateKey(text, "k"))
        .isInstanceOf(SshPassphraseException.class)
        .hasMessage("k: passphrase-protected PEM key and no passphrase given");
    for (String wrong : List.of(CANARY + "x", "", "a")) {
      assertThatThrownBy(() -> OpenSshKeyParser.parsePrivateKey(text, "k", pass(wrong)))
          .isInstanceOf(SshPassphraseException.class)
          .hasMessage("wrong passphrase for k")
          .hasNoCause()
          .extracting(e -> ((SshPassphraseException) e).reason()).isEqualTo(SshPassphraseException.Reason.WRONG);
    }
  }

  private static String legacy(String dekInfo, String body) {
    return "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\n" + dekInfo + "\n\n" + body
        + "\n-----END RSA PRIVATE KEY-----\n";
  }
}
