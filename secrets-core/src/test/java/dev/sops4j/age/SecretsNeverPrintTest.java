package dev.sops4j.age;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A canary secret key, a canary passphrase and a canary plaintext go through the library's failure
 * paths; no exception message, cause or stack trace, and no {@code toString()}, may contain them.
 */
class SecretsNeverPrintTest {
  private static final String PASSPHRASE_CANARY = "PASSPHRASE-CANARY-7f3a";
  private static final String PLAINTEXT_CANARY = "PLAINTEXT-CANARY-91c2";
  private static final X25519Identity KEY = X25519Identity.generate();
  private static final String KEY_CANARY = KEY.encode();
  /** A long piece of the key's Bech32 data part, which no message may echo either. */
  private static final String KEY_FRAGMENT = KEY_CANARY.substring(20, 50);

  @TempDir
  Path dir;

  private static void assertClean(Throwable t) {
    assertThat(t).as("expected a failure").isNotNull();
    StringWriter trace = new StringWriter();
    t.printStackTrace(new PrintWriter(trace));
    assertThat(trace.toString())
        .doesNotContain(KEY_CANARY)
        .doesNotContainIgnoringCase(KEY_FRAGMENT)
        .doesNotContain(PASSPHRASE_CANARY)
        .doesNotContain(PLAINTEXT_CANARY);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void keyParsingFailuresDoNotEchoTheKey() {
    // change the last checksum character (to a different one: the key is random)
    char last = KEY_CANARY.charAt(KEY_CANARY.length() - 1);
    String damaged = KEY_CANARY.substring(0, KEY_CANARY.length() - 1) + (last == 'Q' ? 'P' : 'Q');
    assertClean(catchThrowable(() -> AgeKeys.parseIdentity(damaged)));
    assertClean(catchThrowable(() -> AgeKeys.parseIdentity(KEY_CANARY.toLowerCase())));
    assertClean(catchThrowable(() -> AgeKeys.parseRecipient(KEY_CANARY)));
    assertClean(catchThrowable(() -> AgeKeys.parseRecipient(damaged)));
    assertClean(catchThrowable(() -> X25519Recipient.parse(KEY_CANARY)));
    assertClean(catchThrowable(() -> MlKem768X25519Identity.parse(KEY_CANARY)));
    assertClean(catchThrowable(() -> AgeKeys.parseIdentities("# ok\n" + damaged + "\n", "keys.txt")));
    assertClean(catchThrowable(() -> AgeKeys.parseIdentities(KEY_CANARY + " trailing\n", "keys.txt")));
    assertClean(catchThrowable(() -> AgeKeys.parseRecipients(KEY_CANARY + "\n", "recipients.txt")));
    assertClean(catchThrowable(() -> SshKeys.parseIdentity(
        "-----BEGIN OPENSSH PRIVATE KEY-----\n" + KEY_CANARY + "\n-----END OPENSSH PRIVATE KEY-----\n", "id")));
  }

  @Test
  void decryptionFailuresDoNotEchoKeysPassphrasesOrPlaintext() throws Exception {
    byte[] file = Age.encrypt(utf8(PLAINTEXT_CANARY.repeat(5000)), List.of(KEY.recipient()));
    // wrong identity, wrong passphrase
    assertClean(catchThrowable(() -> Age.decrypt(file, List.of(X25519Identity.generate()))));
    assertClean(catchThrowable(() -> Age.decrypt(file, List.of(new ScryptIdentity(utf8(PASSPHRASE_CANARY))))));
    // damaged header MAC, damaged payload (after some plaintext was released)
    byte[] badMac = file.clone();
    int macLine = new String(file, StandardCharsets.ISO_8859_1).indexOf("\n--- ") + 6;
    badMac[macLine] ^= 1;
    assertClean(catchThrowable(() -> Age.decrypt(badMac, List.of(KEY))));
    byte[] badPayload = file.clone();
    badPayload[badPayload.length - 5] ^= 1;
    Throwable payloadFailure;
    try (InputStream in = Age.decrypt(new ByteArrayInputStream(badPayload), List.of(KEY))) {
      payloadFailure = catchThrowable(in::readAllBytes);
    }
    assertThat(payloadFailure).isInstanceOf(AgePayloadException.class);
    assertClean(payloadFailure);
    // passphrase file with the wrong passphrase, and a passphrase-encrypted identity file
    byte[] byPassphrase = Age.encrypt(utf8(PLAINTEXT_CANARY),
        List.of(new ScryptRecipient(utf8(PASSPHRASE_CANARY)).withWorkFactor(10)));
    assertClean(catchThrowable(() -> Age.decrypt(byPassphrase, List.of(new ScryptIdentity(utf8("wrong"))))));
    Path encryptedKeys = dir.resolve("keys.age");
    Files.write(encryptedKeys, Age.encrypt(utf8(KEY_CANARY + "\n"),
        List.of(new ScryptRecipient(utf8(PASSPHRASE_CANARY)).withWorkFactor(10))));
    assertClean(catchThrowable(() -> AgeKeys.readIdentityFile(encryptedKeys, "wrong"::toCharArray)));
    Path badKeys = dir.resolve("bad-keys.txt");
    Files.writeString(badKeys, "# keys\n" + KEY_CANARY + "\n" + KEY_CANARY.substring(0, 40) + "\n");
    assertClean(catchThrowable(() -> AgeKeys.readIdentityFile(badKeys, () -> {
      throw new AssertionError("no passphrase needed");
    })));
  }

  @Test
  void keyTypesNeverPrintTheirSecret() throws Exception {
    List<Object> keys = List.of(KEY, new ScryptIdentity(utf8(PASSPHRASE_CANARY)),
        new ScryptRecipient(utf8(PASSPHRASE_CANARY)));
    for (Object key : keys) {
      assertThat(key.toString()).doesNotContain(KEY_CANARY).doesNotContainIgnoringCase(KEY_FRAGMENT)
          .doesNotContain(PASSPHRASE_CANARY);
    }
    MlKem768X25519Identity pq = MlKem768X25519Identity.generate();
    String pqSecret = pq.encode();
    assertThat(pq.toString()).doesNotContain(pqSecret).doesNotContainIgnoringCase(pqSecret.substring(20, 50));
  }
}
