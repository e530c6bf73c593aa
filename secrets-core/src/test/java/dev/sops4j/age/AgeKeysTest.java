package dev.sops4j.age;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sops4j.testsupport.Fixtures;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgeKeysTest {
  private static final String PQ_IDENTITY = "AGE-SECRET-KEY-PQ-1HZLGZUPT4ETPKDEV8HSGFDCYZ4E522W0A7PU2LHT8EH9W6YLNC3SW78XKG";
  private static final String SSH_ED25519_PUB = "ssh-ed25519 "
      + "AAAAC3NzaC1lZDI1NTE5AAAAIOHz+U0YtjINc54dZiJNclfmEFifF7RXCFlNlTbuZBji joerg@turingmachine";
  private static final byte[] MESSAGE = "attack at dawn\n".getBytes(StandardCharsets.UTF_8);

  @TempDir
  Path dir;

  // --- single strings ---

  @Test
  void parseRecipientDispatchesOnThePrefix() throws IOException {
    assertThat(AgeKeys.parseRecipient(X25519Test.SPEC_RECIPIENT))
        .isEqualTo(X25519Recipient.parse(X25519Test.SPEC_RECIPIENT));
    String pq = AgeKeys.recipientOf(AgeKeys.parseIdentity(PQ_IDENTITY));
    assertThat(pq).startsWith("age1pq1");
    Recipient pqRecipient = AgeKeys.parseRecipient(pq);
    assertThat(pqRecipient).isInstanceOf(MlKem768X25519Recipient.class);
    assertThat(((MlKem768X25519Recipient) pqRecipient).encode()).isEqualTo(pq);
    assertThat(AgeKeys.parseRecipient(SSH_ED25519_PUB).type()).isEqualTo("ssh-ed25519");
    String rsaPub = Files.readString(Fixtures.path("generated/id_rsa_test.pub")).strip();
    assertThat(AgeKeys.parseRecipient(rsaPub).type()).isEqualTo("ssh-rsa");
  }

  @Test
  void parseRecipientRefusals() {
    assertThatThrownBy(() -> AgeKeys.parseRecipient(
        "age1yubikey1qwt50d05nh5vutpdzmlg5wn80xq5negm4uj9ghv0snvdd3yysf5yw3rhl3t"))
        .isInstanceOf(AgeKeyException.class).hasMessage("plugin recipients are not supported");
    assertThatThrownBy(() -> AgeKeys.parseRecipient(X25519Test.SPEC_IDENTITY))
        .isInstanceOf(AgeKeyException.class).hasMessage("apparent identity found in recipients file");
    assertThatThrownBy(() -> AgeKeys.parseRecipient("age1tag1qwe")).hasMessageContaining("not supported");
    assertThatThrownBy(() -> AgeKeys.parseRecipient("github:someone")).hasMessageContaining("not supported");
    assertThatThrownBy(() -> AgeKeys.parseRecipient("bogus")).hasMessage("unknown recipient type");
    assertThatThrownBy(() -> AgeKeys.parseRecipient(X25519Test.SPEC_RECIPIENT.toUpperCase()))
        .isInstanceOf(AgeKeyException.class);
  }

  @Test
  void parseIdentityDispatchesOnThePrefix() throws IOException {
    Identity x = AgeKeys.parseIdentity(X25519Test.SPEC_IDENTITY);
    assertThat(x).isInstanceOf(X25519Identity.class);
    assertThat(AgeKeys.recipientOf(x)).isEqualTo(X25519Test.SPEC_RECIPIENT);
    Identity pq = AgeKeys.parseIdentity(PQ_IDENTITY);
    assertThat(pq).isInstanceOf(MlKem768X25519Identity.class);
    assertThat(((MlKem768X25519Identity) pq).encode()).isEqualTo(PQ_IDENTITY);
  }

  @Test
  void parseIdentityRefusals() {
    assertThatThrownBy(() -> AgeKeys.parseIdentity(X25519Test.SPEC_RECIPIENT))
        .isInstanceOf(AgeKeyException.class).hasMessage("apparent recipient found in identities file");
    assertThatThrownBy(() -> AgeKeys.parseIdentity("AGE-PLUGIN-YUBIKEY-1QQQQQQ"))
        .hasMessage("plugin identities are not supported");
    assertThatThrownBy(() -> AgeKeys.parseIdentity(X25519Test.SPEC_IDENTITY.toLowerCase()))
        .hasMessage("unknown identity type");
    assertThatThrownBy(() -> AgeKeys.recipientOf(new ScryptIdentity(new byte[] {1})))
        .isInstanceOf(AgeKeyException.class).hasMessageContaining("scrypt");
  }

  // --- recipients files ---

  @Test
  void recipientsFileWithCommentsBlankLinesAndCrlf() throws IOException {
    String text = "# team keys\r\n\r\n" + X25519Test.SPEC_RECIPIENT + "\r\n" + "# ssh\n" + SSH_ED25519_PUB + "\n"
        + otherSshKeyLine() + "\n" + X25519Test.CCTV_RECIPIENT;
    Path file = dir.resolve("recipients.txt");
    Files.writeString(file, text);
    List<Recipient> recipients = AgeKeys.readRecipientsFile(file);
    assertThat(recipients).hasSize(3);
    assertThat(recipients.get(0)).isEqualTo(X25519Recipient.parse(X25519Test.SPEC_RECIPIENT));
    assertThat(recipients.get(1).type()).isEqualTo("ssh-ed25519");
    assertThat(recipients.get(2)).isEqualTo(X25519Recipient.parse(X25519Test.CCTV_RECIPIENT));
  }

  @Test
  void recipientsFileErrorsNameFileAndLineNotContent() {
    String broken = X25519Test.SPEC_RECIPIENT.substring(0, 61) + "q";
    assertThatThrownBy(() -> AgeKeys.parseRecipients("# c\n\n" + broken + "\n", "team.txt"))
        .isInstanceOf(AgeKeyException.class)
        .hasMessage("team.txt: malformed recipient at line 3");
    assertThatThrownBy(() -> AgeKeys.parseRecipients(X25519Test.SPEC_RECIPIENT + "\n" + X25519Test.SPEC_IDENTITY,
        "team.txt"))
        .hasMessage("team.txt: error at line 2: apparent identity found in recipients file");
    assertThatThrownBy(() -> AgeKeys.parseRecipients("# nothing\n\n", "empty.txt"))
        .hasMessage("empty.txt: no recipients found");
    assertThatThrownBy(() -> AgeKeys.parseRecipients("age1" + "q".repeat(9000), "long.txt"))
        .hasMessage("long.txt: line 1 is too long");
  }

  @Test
  void recipientsFileMustBeUtf8() throws IOException {
    Path file = dir.resolve("latin1.txt");
    Files.write(file, new byte[] {'#', ' ', (byte) 0xe9, '\n'});
    assertThatThrownBy(() -> AgeKeys.readRecipientsFile(file)).hasMessageContaining("not valid UTF-8");
  }

  // --- identity files ---

  @Test
  void identityFileWithCommentsBlankLinesAndCrlf() throws IOException {
    String text = AgeKeys.identityFileText(X25519Test.SPEC_IDENTITY, X25519Test.SPEC_RECIPIENT, Instant.EPOCH)
        .replace("\n", "\r\n") + "\n" + PQ_IDENTITY + "\n\n# end\n";
    Path file = dir.resolve("keys.txt");
    Files.writeString(file, text);
    List<Identity> identities = AgeKeys.readIdentityFile(file, failingPassphrase());
    assertThat(identities).hasSize(2);
    assertThat(AgeKeys.recipientOf(identities.get(0))).isEqualTo(X25519Test.SPEC_RECIPIENT);
    assertThat(identities.get(1)).isInstanceOf(MlKem768X25519Identity.class);
  }

  @Test
  void identityFileErrorsNameFileAndLineNotContent() {
    String broken = X25519Test.SPEC_IDENTITY.substring(0, 73) + "Q";
    assertThatThrownBy(() -> AgeKeys.parseIdentities("# c\n" + X25519Test.SPEC_IDENTITY + "\n" + broken, "k.txt"))
        .isInstanceOf(AgeKeyException.class)
        .hasMessageStartingWith("k.txt: error at line 3: ")
        .hasMessageNotContaining("GFPYY");
    assertThatThrownBy(() -> AgeKeys.parseIdentities(X25519Test.SPEC_RECIPIENT, "k.txt"))
        .hasMessage("k.txt: error at line 1: apparent recipient found in identities file");
    assertThatThrownBy(() -> AgeKeys.parseIdentities(" " + X25519Test.SPEC_IDENTITY, "k.txt"))
        .hasMessage("k.txt: error at line 1: unknown identity type");
    assertThatThrownBy(() -> AgeKeys.parseIdentities("# created\n\n", "k.txt"))
        .hasMessage("k.txt: no identities found");
  }

  @Test
  void identityFileLimits(@TempDir Path tmp) throws IOException {
    Path latin1 = tmp.resolve("latin1.txt");
    Files.write(latin1, new byte[] {'#', (byte) 0xff, '\n'});
    assertThatThrownBy(() -> AgeKeys.readIdentityFile(latin1, failingPassphrase()))
        .isInstanceOf(AgeKeyException.class).hasMessageContaining("not valid UTF-8");
    Path big = tmp.resolve("big.txt");
    try (OutputStream out = Files.newOutputStream(big)) {
      byte[] comment = ("#" + "x".repeat(1022) + "\n").getBytes(StandardCharsets.US_ASCII);
      for (int i = 0; i < 16 * 1024; i++) {
        out.write(comment);
      }
      out.write(X25519Test.SPEC_IDENTITY.getBytes(StandardCharsets.US_ASCII));
    }
    assertThatThrownBy(() -> AgeKeys.readIdentityFile(big, failingPassphrase()))
        .isInstanceOf(AgeKeyException.class).hasMessageContaining("larger than 16 MiB");
  }

  @Test
  void identityFileTextIsWhatAgeKeygenWrites() throws AgeKeyException {
    String text = AgeKeys.identityFileText(X25519Test.SPEC_IDENTITY, X25519Test.SPEC_RECIPIENT,
        Instant.parse("2026-11-25T15:04:05.987Z"));
    assertThat(text).isEqualTo("# created: 2026-11-25T15:04:05Z\n# public key: " + X25519Test.SPEC_RECIPIENT + "\n"
        + X25519Test.SPEC_IDENTITY + "\n");
    assertThat(AgeKeys.parseIdentities(text, "x")).hasSize(1);
  }

  @Test
  void sshPrivateKeyFile() throws IOException {
    Path key = Fixtures.path("ssh-to-age/cmd/ssh-to-age/test-assets/id_ed25519");
    List<Identity> identities = AgeKeys.readIdentityFile(key, failingPassphrase());
    assertThat(identities).hasSize(1);
    assertThat(identities.get(0).type()).isEqualTo("ssh-ed25519");
    byte[] file = Files.readAllBytes(Fixtures.path("generated/ssh-ed25519.age"));
    assertThat(Age.decrypt(file, identities)).isEqualTo(Files.readAllBytes(Fixtures.path("generated/plaintext.txt")));
  }

  @Test
  void passphraseEncryptedIdentityFileBinaryAndArmored() throws IOException {
    X25519Identity inner = X25519Identity.generate();
    byte[] identityFile = AgeKeys.identityFileText(inner.encode(), inner.recipient().encode(), Instant.now())
        .getBytes(StandardCharsets.UTF_8);
    ScryptRecipient lock = new ScryptRecipient("pässword".getBytes(StandardCharsets.UTF_8)).withWorkFactor(10);
    byte[] secret = Age.encrypt(MESSAGE, List.of(inner.recipient()));
    for (boolean armor : new boolean[] {false, true}) {
      ByteArrayOutputStream encrypted = new ByteArrayOutputStream();
      try (OutputStream out = Age.encrypt(encrypted, List.of(lock), armor)) {
        out.write(identityFile);
      }
      Path file = dir.resolve("keys.age" + (armor ? ".asc" : ""));
      Files.write(file, encrypted.toByteArray());
      AtomicInteger asked = new AtomicInteger();
      List<Identity> identities = AgeKeys.readIdentityFile(file, () -> {
        asked.incrementAndGet();
        return "pässword".toCharArray();
      });
      assertThat(asked).hasValue(1);
      assertThat(identities).hasSize(1);
      assertThat(AgeKeys.recipientOf(identities.get(0))).isEqualTo(inner.recipient().encode());
      assertThat(Age.decrypt(secret, identities)).isEqualTo(MESSAGE);
      assertThatThrownBy(() -> AgeKeys.readIdentityFile(file, () -> "wrong".toCharArray()))
          .isInstanceOf(AgeKeyException.class)
          .hasMessage(file + ": incorrect passphrase for the encrypted identity file");
      assertThatThrownBy(() -> AgeKeys.readIdentityFile(file, () -> null))
          .isInstanceOf(AgeKeyException.class).hasMessageContaining("passphrase is required");
    }
  }

  // --- round trips through the Age facade ---

  @Test
  void roundTripThroughAgeWithParsedKeys() throws IOException {
    X25519Identity generated = X25519Identity.generate();
    Identity identity = AgeKeys.parseIdentity(generated.encode());
    Recipient recipient = AgeKeys.parseRecipient(AgeKeys.recipientOf(identity));
    for (boolean armor : new boolean[] {false, true}) {
      ByteArrayOutputStream encrypted = new ByteArrayOutputStream();
      try (OutputStream out = Age.encrypt(encrypted, List.of(recipient), armor)) {
        out.write(MESSAGE);
      }
      String head = new String(encrypted.toByteArray(), 0, 34, StandardCharsets.ISO_8859_1);
      assertThat(head.startsWith(ArmoredInputStream.BEGIN)).isEqualTo(armor);
      assertThat(Age.decrypt(encrypted.toByteArray(), List.of(identity))).isEqualTo(MESSAGE);
      assertThatThrownBy(() -> Age.decrypt(encrypted.toByteArray(), List.of(X25519Identity.generate())))
          .isInstanceOf(NoIdentityMatchException.class);
    }
    byte[] scrypted = Age.encrypt(MESSAGE, List.of(new ScryptRecipient(new byte[] {'p'}).withWorkFactor(10)));
    assertThat(Age.decrypt(scrypted, List.of(new ScryptIdentity(new byte[] {'p'})))).isEqualTo(MESSAGE);
  }

  @Test
  void cctvArmoredVectorThroughAge() throws IOException {
    byte[] all = Files.readAllBytes(Fixtures.path("cctv-age/testdata/armor_x25519"));
    String text = new String(all, StandardCharsets.ISO_8859_1);
    byte[] file = text.substring(text.indexOf("\n\n") + 2).getBytes(StandardCharsets.ISO_8859_1);
    assertThat(Age.decrypt(file, List.of(AgeKeys.parseIdentity(X25519Test.CCTV_IDENTITY))))
        .isEqualTo("age".getBytes(StandardCharsets.US_ASCII));
  }

  // --- helpers ---

  private static Supplier<char[]> failingPassphrase() {
    return () -> {
      throw new AssertionError("passphrase asked for a file that is not encrypted");
    };
  }

  /** A well-formed authorized_keys line of a type age cannot encrypt to (ECDSA): skipped. */
  private static String otherSshKeyLine() {
    String type = "ecdsa-sha2-nistp256";
    byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
    byte[] blob = new byte[4 + typeBytes.length + 8];
    blob[3] = (byte) typeBytes.length;
    System.arraycopy(typeBytes, 0, blob, 4, typeBytes.length);
    return type + " " + Base64.getEncoder().encodeToString(blob) + " host";
  }

  @Test
  void generatedIdentitiesParseBackToTheirPublicKey() throws Exception {
    for (boolean postQuantum : new boolean[] {false, true}) {
      AgeKeys.GeneratedIdentity generated = AgeKeys.generate(postQuantum, java.time.Instant.EPOCH);

      java.util.List<Identity> parsed = AgeKeys.parseIdentities(generated.fileText(), "generated");

      org.assertj.core.api.Assertions.assertThat(parsed).hasSize(1);
      org.assertj.core.api.Assertions.assertThat(AgeKeys.recipientOf(parsed.get(0))).isEqualTo(generated.publicKey());
      org.assertj.core.api.Assertions.assertThat(generated.fileText())
          .startsWith("# created: 1970-01-01T00:00:00Z\n# public key: " + generated.publicKey() + "\n");
      org.assertj.core.api.Assertions.assertThat(generated.toString()).doesNotContain("AGE-SECRET-KEY");
    }
  }
}
