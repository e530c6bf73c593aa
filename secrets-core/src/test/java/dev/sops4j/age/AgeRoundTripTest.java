package dev.sops4j.age;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sops4j.testsupport.Peers;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The {@link Age} facade end to end: binary and armored, parallel and sequential, and the age CLI as a peer. */
class AgeRoundTripTest {
  private static final X25519Identity ALICE = X25519Identity.generate();
  private static final X25519Identity BOB = X25519Identity.generate();

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 65536, 200_000})
  void roundTripsInEveryMode(int size) throws IOException {
    byte[] plain = StreamTest.pattern(size);
    for (boolean armor : new boolean[] {false, true}) {
      for (int inFlight : new int[] {1, ChunkPool.IN_FLIGHT}) {
        byte[] file = encrypt(plain, List.of(ALICE.recipient()), armor, inFlight);
        assertThat(new String(file, 0, 14, StandardCharsets.US_ASCII))
            .isEqualTo(armor ? "-----BEGIN AGE" : "age-encryption");
        for (int decryptInFlight : new int[] {1, ChunkPool.IN_FLIGHT}) {
          try (InputStream in = Age.decrypt(new ByteArrayInputStream(file), List.of(ALICE), decryptInFlight)) {
            assertThat(in.readAllBytes()).isEqualTo(plain);
          }
        }
      }
    }
  }

  @Test
  void anyOfSeveralRecipientsDecryptsAndStrangersGetNoMatch() throws IOException {
    byte[] file = Age.encrypt("two readers".getBytes(StandardCharsets.UTF_8), List.of(ALICE.recipient(), BOB.recipient()));
    assertThat(Age.decrypt(file, List.of(BOB))).asString(StandardCharsets.UTF_8).isEqualTo("two readers");
    X25519Identity stranger = X25519Identity.generate();
    assertThatThrownBy(() -> Age.decrypt(file, List.of(stranger, new ScryptIdentity(new byte[] {1}))))
        .isInstanceOfSatisfying(NoIdentityMatchException.class, e -> {
          assertThat(e.stanzaTypes()).containsExactly("X25519", "X25519");
          assertThat(e.identityTypes()).containsExactly("X25519", "scrypt");
        });
  }

  @Test
  void aModifiedHeaderFailsItsMac() throws IOException {
    byte[] file = Age.encrypt(new byte[10], List.of(new GreaseRecipient(), ALICE.recipient()));
    String text = new String(file, StandardCharsets.ISO_8859_1).replaceFirst("-> grease a", "-> grease b");
    assertThatThrownBy(() -> Age.decrypt(text.getBytes(StandardCharsets.ISO_8859_1), List.of(ALICE)))
        .isInstanceOf(HeaderMacException.class);
  }

  @Test
  void passphraseFilesRoundTrip() throws IOException {
    byte[] pass = "correct horse".getBytes(StandardCharsets.UTF_8);
    byte[] file = Age.encrypt(new byte[] {4, 2}, List.of(new ScryptRecipient(pass).withWorkFactor(10)));
    assertThat(Age.decrypt(file, List.of(new ScryptIdentity(pass)))).containsExactly(4, 2);
  }

  @Test
  void encryptRefusesBadRecipientLists() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertThatThrownBy(() -> Age.encrypt(out, List.of())).isInstanceOf(AgeKeyException.class)
        .hasMessageContaining("at least one recipient");
    assertThatThrownBy(() -> Age.encrypt(out, List.of(new ScryptRecipient(new byte[] {1}), ALICE.recipient())))
        .isInstanceOf(AgeKeyException.class).hasMessageContaining("only recipient");
    Recipient pq = MlKem768X25519Identity.generate().recipient();
    assertThatThrownBy(() -> Age.encrypt(out, List.of(pq, ALICE.recipient())))
        .isInstanceOf(AgeKeyException.class).hasMessageContaining("incompatible recipients");
    assertThat(out.size()).as("nothing written for refused lists").isZero();
  }

  @Test
  void javaEncryptsAgeCliDecrypts(@TempDir Path dir) throws Exception {
    Path age = Peers.executable("age");
    Path key = dir.resolve("key.txt");
    Files.writeString(key, ALICE.encode() + "\n");
    byte[] plain = StreamTest.pattern(300_000);
    for (boolean armor : new boolean[] {false, true}) {
      Path file = dir.resolve(armor ? "f.age.asc" : "f.age");
      Files.write(file, encrypt(plain, List.of(BOB.recipient(), ALICE.recipient()), armor, ChunkPool.IN_FLIGHT));
      assertThat(run(age.toString(), "-d", "-i", key.toString(), file.toString())).isEqualTo(plain);
    }
  }

  @Test
  void ageCliEncryptsJavaDecrypts(@TempDir Path dir) throws Exception {
    Path age = Peers.executable("age");
    byte[] plain = StreamTest.pattern(300_000);
    Path in = dir.resolve("plain");
    Files.write(in, plain);
    String recipient = AgeKeys.recipientOf(ALICE);
    for (boolean armor : new boolean[] {false, true}) {
      byte[] file = armor
          ? run(age.toString(), "-e", "-a", "-r", recipient, in.toString())
          : run(age.toString(), "-e", "-r", recipient, in.toString());
      for (int inFlight : new int[] {1, ChunkPool.IN_FLIGHT}) {
        try (InputStream dec = Age.decrypt(new ByteArrayInputStream(file), List.of(BOB, ALICE), inFlight)) {
          assertThat(dec.readAllBytes()).isEqualTo(plain);
        }
      }
    }
  }

  private static byte[] encrypt(byte[] plain, List<? extends Recipient> recipients, boolean armor, int inFlight)
      throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OutputStream enc = Age.encrypt(out, recipients, armor, inFlight)) {
      enc.write(plain);
    }
    return out.toByteArray();
  }

  private static byte[] run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    p.getOutputStream().close();
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(String.join(" ", command)).isZero();
    return out;
  }

  /** Writes an extra stanza no identity opens, as age's grease does. */
  private static final class GreaseRecipient implements Recipient {
    @Override
    public List<Stanza> wrap(byte[] fileKey) {
      return List.of(new Stanza("grease", List.of("a"), new byte[7]));
    }

    @Override
    public String type() {
      return "grease";
    }
  }
}
