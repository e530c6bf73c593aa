package dev.sops4j.age;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sops4j.testsupport.Fixtures;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * All 143 C2SP CCTV age vectors through the {@link Age} facade, once with parallel chunk decryption
 * and once forced sequential (small files byte by byte): the outcome class must match {@code expect}, and the SHA-256 of all
 * plaintext released (also before a payload failure) must match {@code payload}. Success vectors in
 * binary form are also re-encrypted with their file key and nonce and must come out bit-identical.
 */
class CctvVectorsTest {
  private static final Map<String, Class<? extends Exception>> OUTCOMES = Map.of(
      "header failure", AgeHeaderException.class,
      "no match", NoIdentityMatchException.class,
      "HMAC failure", HeaderMacException.class,
      "payload failure", AgePayloadException.class,
      "armor failure", AgeArmorException.class);

  private static final int SMALL_FILE = 4096;
  private static List<CctvVector> cached;

  static synchronized Stream<CctvVector> vectors() {
    if (cached == null) {
      cached = CctvVector.all(Fixtures.path("cctv-age/testdata"));
    }
    return cached.stream();
  }

  @Test
  void allVectorsArePresentAndKnown() {
    List<CctvVector> all = vectors().toList();
    assertThat(all).hasSize(143);
    assertThat(all).allSatisfy(v -> assertThat(v.unknownKeys()).isEmpty());
  }

  @ParameterizedTest(name = "{0} parallel")
  @MethodSource("vectors")
  void parallel(CctvVector vector) throws Exception {
    check(vector, ChunkPool.IN_FLIGHT, false);
  }

  @ParameterizedTest(name = "{0} sequential")
  @MethodSource("vectors")
  void sequential(CctvVector vector) throws Exception {
    check(vector, 1, vector.ageFile().length <= SMALL_FILE);
  }

  @ParameterizedTest(name = "{0} armor detection")
  @MethodSource("vectors")
  void armorDetectionAgreesWithVector(CctvVector vector) throws IOException {
    var in = new BufferedInputStream(new ByteArrayInputStream(vector.ageFile()));
    assertThat(Age.looksArmored(in)).isEqualTo(vector.armored());
    assertThat(in.readAllBytes()).as("detection consumes nothing").isEqualTo(vector.ageFile());
  }

  /** Small files are read one byte at a time on the sequential pass, to exercise {@code read()}. */
  private static void check(CctvVector vector, int inFlight, boolean byteByByte) throws Exception {
    assumeTrue(vector.unknownKeys().isEmpty(), "vector has unknown keys " + vector.unknownKeys());
    List<Identity> identities = vector.parsedIdentities();
    MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
    ByteArrayOutputStream released = new ByteArrayOutputStream();
    Exception failure = null;
    try (InputStream in = Age.decrypt(new ByteArrayInputStream(vector.ageFile()), identities, inFlight)) {
      if (byteByByte) {
        for (int b; (b = in.read()) >= 0; ) {
          sha256.update((byte) b);
          released.write(b);
        }
      } else {
        byte[] buf = new byte[48 * 1024];
        for (int n; (n = in.read(buf)) >= 0; ) {
          sha256.update(buf, 0, n);
          released.write(buf, 0, n);
        }
      }
    } catch (AgeException e) {
      failure = e;
    }
    if (vector.expect().equals("success")) {
      if (failure != null) {
        fail(vector.name() + ": expected success, got " + failure, failure);
      }
    } else {
      Class<? extends Exception> expected = OUTCOMES.get(vector.expect());
      assertThat(expected).as("known expect value %s", vector.expect()).isNotNull();
      assertThat(failure).as(vector.name() + ": expected " + vector.expect()).isInstanceOf(expected);
    }
    if (vector.payloadSha256().isPresent()) {
      assertThat(HexFormat.of().formatHex(sha256.digest()))
          .as(vector.name() + ": SHA-256 of the released plaintext")
          .isEqualTo(vector.payloadSha256().get());
    }
    if (failure == null && !vector.armored()) {
      assertStreamReencrypts(vector, released.toByteArray(), inFlight);
    }
  }

  /** Re-encrypting the plaintext with the vector's file key and nonce reproduces its payload bytes. */
  private static void assertStreamReencrypts(CctvVector vector, byte[] plaintext, int inFlight) throws IOException {
    byte[] file = vector.ageFile();
    int payloadStart = HeaderReader.read(new ByteArrayInputStream(file)).macInput().length + 45; // " " + 43 base64 + LF
    byte[] nonce = java.util.Arrays.copyOfRange(file, payloadStart, payloadStart + Payload.NONCE_SIZE);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OutputStream enc = new PayloadOutputStream(out, Payload.key(vector.fileKey(), nonce), inFlight)) {
      enc.write(plaintext);
    }
    byte[] expected = java.util.Arrays.copyOfRange(file, payloadStart + Payload.NONCE_SIZE, file.length);
    assertThat(java.util.Arrays.equals(out.toByteArray(), expected))
        .as(vector.name() + ": STREAM re-encryption is bit-identical").isTrue();
  }
}
