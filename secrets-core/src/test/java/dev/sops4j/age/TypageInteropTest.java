package dev.sops4j.age;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sops4j.testsupport.Peers;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Interop with the npm package {@code age-encryption} (typage) for X25519, scrypt and post-quantum
 * recipients, both ways, binary and armored, at sizes around the 64 KiB chunk boundary. Keys,
 * passphrases and payloads pass through files (the node driver is {@code interop/typage.mjs}).
 * Skips when node or the npm peer is missing (fails under {@code CI=true}).
 */
class TypageInteropTest {
  private static final int[] SIZES = {0, 1, 65536, 65537, 1 << 20};
  private static final int SCRYPT_LOG_N = 10;
  /** Non-ASCII on purpose: both sides must use the UTF-8 bytes unchanged. */
  private static final String PASSPHRASE = "interop pässphrase ✓ 42";

  enum Kind { X25519, SCRYPT, POST_QUANTUM }

  @TempDir Path dir;
  private Path peers;
  private Path script;

  @BeforeEach
  void findPeer() throws URISyntaxException {
    peers = Peers.npmPackage("age-encryption");
    script = Path.of(TypageInteropTest.class.getResource("/interop/typage.mjs").toURI());
  }

  static Stream<Arguments> cases() {
    List<Arguments> out = new ArrayList<>();
    for (Kind kind : Kind.values()) {
      out.add(Arguments.of(kind, false));
      out.add(Arguments.of(kind, true));
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0}, armored={1}")
  @MethodSource("cases")
  void javaEncryptsTypageDecrypts(Kind kind, boolean armor) throws Exception {
    List<Recipient> recipients;
    Path keyFile = dir.resolve("key.txt");
    switch (kind) {
      case X25519 -> {
        X25519Identity id = X25519Identity.generate();
        Files.writeString(keyFile, id.encode() + "\n");
        recipients = List.of(id.recipient());
      }
      case POST_QUANTUM -> {
        MlKem768X25519Identity id = MlKem768X25519Identity.generate();
        Files.writeString(keyFile, id.encode() + "\n");
        recipients = List.of(id.recipient());
      }
      default -> {
        Files.writeString(keyFile, PASSPHRASE);
        recipients = List.of(new ScryptRecipient(utf8(PASSPHRASE)).withWorkFactor(SCRYPT_LOG_N));
      }
    }
    List<String> files = new ArrayList<>();
    List<byte[]> plaintexts = new ArrayList<>();
    for (int size : SIZES) {
      byte[] plaintext = plaintext(size, kind);
      plaintexts.add(plaintext);
      Path encrypted = dir.resolve("java-" + size + ".age");
      try (OutputStream out = Age.encrypt(Files.newOutputStream(encrypted), recipients, armor)) {
        out.write(plaintext);
      }
      assertLooksLike(Files.readAllBytes(encrypted), kind, armor);
      files.add(encrypted.toString());
      files.add(dir.resolve("typage-" + size + ".out").toString());
    }

    node(kind == Kind.SCRYPT ? "decrypt-passphrase" : "decrypt-identities", keyFile.toString(), files);

    for (int i = 0; i < SIZES.length; i++) {
      byte[] decrypted = Files.readAllBytes(dir.resolve("typage-" + SIZES[i] + ".out"));
      assertThat(decrypted).as("%s armored=%s size %d", kind, armor, SIZES[i]).isEqualTo(plaintexts.get(i));
    }
  }

  @ParameterizedTest(name = "{0}, armored={1}")
  @MethodSource("cases")
  void typageEncryptsJavaDecrypts(Kind kind, boolean armor) throws Exception {
    List<Identity> identities;
    List<String> args = new ArrayList<>();
    if (kind == Kind.SCRYPT) {
      Path passphrase = dir.resolve("passphrase.txt");
      Files.writeString(passphrase, PASSPHRASE);
      args.addAll(List.of(passphrase.toString(), Integer.toString(SCRYPT_LOG_N)));
      identities = List.of(new ScryptIdentity(utf8(PASSPHRASE)));
    } else {
      Path identityFile = dir.resolve("identity.txt");
      Path recipientFile = dir.resolve("recipient.txt");
      node("keygen", kind == Kind.POST_QUANTUM ? "pq" : "x25519",
          List.of(identityFile.toString(), recipientFile.toString()));
      String identityText = Files.readString(identityFile).strip();
      String recipientText = Files.readString(recipientFile).strip();
      // typage derives the recipient from its identity; ours must derive the same string
      if (kind == Kind.POST_QUANTUM) {
        MlKem768X25519Identity id = MlKem768X25519Identity.parse(identityText);
        assertThat(id.recipient().encode()).isEqualTo(recipientText);
        identities = List.of(id);
      } else {
        X25519Identity id = X25519Identity.parse(identityText);
        assertThat(id.recipient().encode()).isEqualTo(recipientText);
        identities = List.of(id);
      }
      args.add(recipientFile.toString());
    }
    args.add(armor ? "yes" : "no");
    List<byte[]> plaintexts = new ArrayList<>();
    for (int size : SIZES) {
      byte[] plaintext = plaintext(size, kind);
      plaintexts.add(plaintext);
      Path input = dir.resolve("plain-" + size + ".bin");
      Files.write(input, plaintext);
      args.add(input.toString());
      args.add(dir.resolve("typage-" + size + ".age").toString());
    }

    node(kind == Kind.SCRYPT ? "encrypt-passphrase" : "encrypt-recipients", args.get(0), args.subList(1, args.size()));

    for (int i = 0; i < SIZES.length; i++) {
      Path encrypted = dir.resolve("typage-" + SIZES[i] + ".age");
      assertLooksLike(Files.readAllBytes(encrypted), kind, armor);
      byte[] decrypted;
      try (InputStream in = Age.decrypt(Files.newInputStream(encrypted), identities)) {
        decrypted = in.readAllBytes();
      }
      assertThat(decrypted).as("%s armored=%s size %d", kind, armor, SIZES[i]).isEqualTo(plaintexts.get(i));
    }
  }

  /** A typage post-quantum file does not open with another post-quantum identity, nor with an X25519 one. */
  @Test
  void typagePostQuantumFileNeedsItsOwnIdentity() throws Exception {
    Path identityFile = dir.resolve("identity.txt");
    Path recipientFile = dir.resolve("recipient.txt");
    node("keygen", "pq", List.of(identityFile.toString(), recipientFile.toString()));
    Path input = dir.resolve("plain.bin");
    Files.write(input, plaintext(100, Kind.POST_QUANTUM));
    Path encrypted = dir.resolve("pq.age");
    node("encrypt-recipients", recipientFile.toString(), List.of("no", input.toString(), encrypted.toString()));
    List<Identity> wrong = List.of(MlKem768X25519Identity.generate(), X25519Identity.generate());
    assertThatThrownBy(() -> {
      try (InputStream in = Age.decrypt(Files.newInputStream(encrypted), wrong)) {
        in.readAllBytes();
      }
    }).isInstanceOf(NoIdentityMatchException.class);
  }

  private static void assertLooksLike(byte[] file, Kind kind, boolean armor) {
    String start = new String(file, 0, Math.min(file.length, 200), StandardCharsets.ISO_8859_1);
    if (armor) {
      assertThat(start).startsWith("-----BEGIN AGE ENCRYPTED FILE-----\n");
      return;
    }
    String stanza = switch (kind) {
      case X25519 -> "-> X25519 ";
      case SCRYPT -> "-> scrypt ";
      case POST_QUANTUM -> "-> mlkem768x25519 ";
    };
    assertThat(start).startsWith("age-encryption.org/v1\n" + stanza);
    if (kind == Kind.SCRYPT) {
      assertThat(start.lines().skip(1).findFirst().orElseThrow()).endsWith(" " + SCRYPT_LOG_N);
    }
  }

  private static byte[] plaintext(int size, Kind kind) {
    byte[] data = new byte[size];
    new SplittableRandom(31L * size + kind.ordinal()).nextBytes(data);
    return data;
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Runs the node driver in the peers folder; fails with its stderr when it exits non-zero. */
  private void node(String op, String first, List<String> rest) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("node", script.toString(), peers.toString(), op, first));
    command.addAll(rest);
    Path stderr = dir.resolve("node-" + op + ".err");
    Process p = new ProcessBuilder(command)
        .directory(peers.toFile())
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(stderr.toFile())
        .start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("typage " + op + " timed out");
    }
    assertThat(p.exitValue()).as("typage %s failed: %s", op, Files.readString(stderr)).isZero();
  }
}
