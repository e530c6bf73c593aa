package dev.sops4j.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.sops4j.age.Age;
import dev.sops4j.age.AgeException;
import dev.sops4j.age.AgeKeys;
import dev.sops4j.age.ArmoredInputStream;
import dev.sops4j.age.X25519Identity;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzz targets for the age decoders: header, armor, STREAM payload and identity files. The only
 * documented failures are {@link AgeException} subclasses; anything else escapes and fails the target.
 */
// Per input: 10 s in regression mode (JUnit), libFuzzer's -timeout when fuzzing (see the fuzz profile)
@Timeout(10)
class AgeFuzzTest {
  /** A fixed identity so that seed inputs made for it stay valid across runs. */
  private static final X25519Identity IDENTITY = fixedIdentity();
  /** Header and payload nonce of a real file for {@link #IDENTITY}; the fuzzed bytes follow it. */
  private static final byte[] HEADER_AND_NONCE = headerAndNonce();

  @FuzzTest(maxDuration = "10m")
  void header(byte[] ageFile) throws IOException {
    try {
      Age.decrypt(ageFile, List.of(IDENTITY));
    } catch (AgeException documented) {
      // damaged header, no matching identity, bad MAC, damaged payload: all documented
    }
  }

  @FuzzTest(maxDuration = "10m")
  void armor(byte[] armored) throws IOException {
    try (InputStream in = new ArmoredInputStream(new ByteArrayInputStream(armored))) {
      in.readAllBytes();
    } catch (AgeException documented) {
      // an AgeArmorException for malformed armor
    }
  }

  @FuzzTest(maxDuration = "10m")
  void payload(byte[] body) throws IOException {
    byte[] file = Arrays.copyOf(HEADER_AND_NONCE, HEADER_AND_NONCE.length + body.length);
    System.arraycopy(body, 0, file, HEADER_AND_NONCE.length, body.length);
    try {
      Age.decrypt(file, List.of(IDENTITY));
    } catch (AgeException documented) {
      // an AgePayloadException for a damaged or truncated STREAM
    }
  }

  @FuzzTest(maxDuration = "10m")
  void identities(byte[] text) {
    try {
      AgeKeys.parseIdentities(new String(text, StandardCharsets.UTF_8), "fuzz-identities.txt");
    } catch (AgeException documented) {
      // an AgeKeyException naming the line
    }
  }

  private static X25519Identity fixedIdentity() {
    byte[] scalar = new byte[32];
    Arrays.fill(scalar, (byte) 0x5a);
    return X25519Identity.fromScalar(scalar);
  }

  private static byte[] headerAndNonce() {
    try {
      byte[] file = Age.encrypt(new byte[0], List.of(IDENTITY.recipient()));
      int end = headerEnd(file);
      return Arrays.copyOf(file, end + 16);
    } catch (IOException e) {
      throw new IllegalStateException("cannot build the fixed age header", e);
    }
  }

  /** Index just past the header's MAC line ("--- ...\n"). */
  private static int headerEnd(byte[] file) {
    String text = new String(file, StandardCharsets.ISO_8859_1);
    int mac = text.indexOf("\n--- ");
    int end = text.indexOf('\n', mac + 1);
    return end + 1;
  }

  /** Writes a file for {@link #IDENTITY}; used once to make seed inputs. */
  static byte[] sample(byte[] plaintext) throws IOException {
    var out = new ByteArrayOutputStream();
    out.write(Age.encrypt(plaintext, List.of(IDENTITY.recipient())));
    return out.toByteArray();
  }
}
