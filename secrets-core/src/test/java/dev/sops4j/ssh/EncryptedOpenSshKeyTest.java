package dev.sops4j.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sops4j.age.SshToAge;
import dev.sops4j.testsupport.Fixtures;
import dev.sops4j.testsupport.Peers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.bouncycastle.crypto.engines.BlowfishEngine;
import org.bouncycastle.crypto.params.KeyParameter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EncryptedOpenSshKeyTest {
  private static final String CANARY = "canary-Pw-7f3e9";

  private static Supplier<char[]> pass(String p) {
    return p::toCharArray;
  }

  private static String fixture() throws Exception {
    return Files.readString(Fixtures.path("ssh-to-age/cmd/ssh-to-age/test-assets/id_ed25519_passphrase"));
  }

  @Test
  void decryptsTheSshToAgePassphraseFixture() throws Exception {
    SshPrivateKey key = OpenSshKeyParser.parsePrivateKey(fixture(), "id_ed25519_passphrase", pass("test"));

    SshEd25519PrivateKey ed = (SshEd25519PrivateKey) key;
    // values from ../shared/fixtures/ssh-to-age/EXPECTED-derived.txt
    assertThat(HexFormat.of().formatHex(ed.seed()))
        .isEqualTo("edefae49d5ef9e306cbc411a0964af652c260858c181aea8b919158bfd4e0c45");
    assertThat(SshToAge.identity(key, "id_ed25519_passphrase").encode())
        .isEqualTo("AGE-SECRET-KEY-1EJQ0DZ679RZ4MF6KDC8L8F327SHUULYD5XP53C08ZHYT0KQLNWJQHG7X8P");
  }

  @Test
  void wrongPassphraseFailsClearlyWithoutEchoingIt() throws Exception {
    assertThatThrownBy(() -> OpenSshKeyParser.parsePrivateKey(fixture(), "id_ed25519_passphrase", pass(CANARY)))
        .isInstanceOf(SshPassphraseException.class)
        .hasMessage("wrong passphrase for id_ed25519_passphrase")
        .extracting(e -> ((SshPassphraseException) e).reason()).isEqualTo(SshPassphraseException.Reason.WRONG);
  }

  @Test
  void passphraseIsAskedOnlyForEncryptedKeysAndWiped() throws Exception {
    String plain = Files.readString(Fixtures.path("ssh-to-age/cmd/ssh-to-age/test-assets/id_ed25519"));
    AtomicInteger asked = new AtomicInteger();
    char[][] given = new char[1][];
    Supplier<char[]> counting = () -> {
      asked.incrementAndGet();
      given[0] = "test".toCharArray();
      return given[0];
    };
    OpenSshKeyParser.parsePrivateKey(plain, "id_ed25519", counting);
    assertThat(asked).hasValue(0);
    OpenSshKeyParser.parsePrivateKey(fixture(), "id_ed25519_passphrase", counting);
    assertThat(asked).hasValue(1);
    assertThat(given[0]).containsOnly('\0');
  }

  @Test
  void noPassphraseIsAMissingPassphrase() throws Exception {
    assertThatThrownBy(() -> OpenSshKeyParser.parsePrivateKey(fixture(), "k"))
        .isInstanceOf(SshPassphraseException.class)
        .hasMessage("k: passphrase-protected OpenSSH key and no passphrase given");
    assertThatThrownBy(() -> OpenSshKeyParser.parsePrivateKey(fixture(), "k", () -> null))
        .isInstanceOf(SshPassphraseException.class)
        .hasMessage("k: passphrase-protected OpenSSH key and no passphrase given")
        .extracting(e -> ((SshPassphraseException) e).reason()).isEqualTo(SshPassphraseException.Reason.MISSING);
  }

  @Test
  void blowfishTablesAreThoseOfPi() {
    int[] w = BcryptPbkdf.PiDigits.WORDS;
    assertThat(w).hasSize(1042);
    assertThat(w[0]).isEqualTo(0x243F6A88);
    assertThat(w[17]).isEqualTo(0x8979FB1B);
    assertThat(w[18]).isEqualTo(0xD1310BA6);
    assertThat(w[1041]).isEqualTo(0x3AC372E6);
  }

  @Test
  void blowfishCoreMatchesBouncyCastleWithTheStandardKeySchedule() {
    byte[] key = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    BcryptPbkdf.Blowfish ours = new BcryptPbkdf.Blowfish();
    ours.expand(key, new byte[8]); // zero data = the classic Blowfish key schedule
    int[] block = {0x01234567, 0x89abcdef};
    ours.encrypt(block, 0);

    BlowfishEngine bc = new BlowfishEngine();
    bc.init(true, new KeyParameter(key));
    byte[] in = HexFormat.of().parseHex("0123456789abcdef");
    byte[] out = new byte[8];
    bc.processBlock(in, 0, out, 0);
    assertThat(String.format("%08x%08x", block[0], block[1])).isEqualTo(HexFormat.of().formatHex(out));
  }

  @ParameterizedTest
  @ValueSource(strings = {"aes256-ctr", "aes256-cbc", "aes128-ctr", "aes256-gcm@openssh.com",
      "chacha20-poly1305@openssh.com"})
  void liveEd25519KeysMatchTheirUnencryptedCopy(String cipher, @TempDir Path dir) throws Exception {
    checkLiveKey(dir, cipher, "-t", "ed25519", "-C", "live ed25519");
  }

  @ParameterizedTest
  @ValueSource(strings = {"aes256-ctr", "aes256-gcm@openssh.com"})
  void liveRsaKeysMatchTheirUnencryptedCopy(String cipher, @TempDir Path dir) throws Exception {
    checkLiveKey(dir, cipher, "-t", "rsa", "-b", "2048", "-C", "live rsa");
  }

  private static void checkLiveKey(Path dir, String cipher, String... options) throws Exception {
    Path keygen = Peers.executable("ssh-keygen");
    Path plainFile = ProcessRunner.sshKeygen(keygen, dir, "id", options);
    Path encFile = dir.resolve("id_enc");
    Files.copy(plainFile, encFile);
    ProcessRunner.runOk(dir, List.of(keygen.toString(), "-q", "-p", "-P", "", "-N", CANARY, "-Z", cipher,
        "-a", "4", "-f", encFile.toString()), null);
    String encrypted = Files.readString(encFile);
    assertThat(encrypted).isNotEqualTo(Files.readString(plainFile));

    SshPrivateKey expected = OpenSshKeyParser.readPrivateKey(plainFile);
    SshPrivateKey actual = OpenSshKeyParser.parsePrivateKey(encrypted, "id_enc", pass(CANARY));
    assertThat(actual).isEqualTo(expected);
    assertThat(actual.comment()).isEqualTo(expected.comment());
    assertThat(actual.toString()).doesNotContain(CANARY);

    assertThatThrownBy(() -> OpenSshKeyParser.parsePrivateKey(encrypted, "id_enc", pass(CANARY + "x")))
        .isInstanceOf(SshKeyException.class)
        .hasMessage("wrong passphrase for id_enc")
        .satisfies(e -> assertThat(String.valueOf(e.getCause())).doesNotContain(CANARY));
    assertThatThrownBy(() -> OpenSshKeyParser.parsePrivateKey(encrypted, "id_enc"))
        .hasMessage("id_enc: passphrase-protected OpenSSH key and no passphrase given");
  }
}
