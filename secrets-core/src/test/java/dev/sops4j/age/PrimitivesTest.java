package dev.sops4j.age;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import java.util.Random;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.bouncycastle.math.ec.rfc7748.X25519;
import org.junit.jupiter.api.Test;

/**
 * The hand-built primitives of {@link Primitives} against their RFCs and the JDK / BouncyCastle
 * implementations they replace: HMAC-SHA-256, HKDF-SHA-256, zero-nonce ChaCha20-Poly1305, X25519 of
 * the base point.
 */
class PrimitivesTest {
  private static final HexFormat HEX = HexFormat.of();

  @Test
  void hkdfMatchesRfc5869TestCases() {
    assertThat(HEX.formatHex(Primitives.hkdf(repeat(0x0b, 22), range(0x00, 13), range(0xf0, 10), 42)))
        .isEqualTo("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865");
    assertThat(HEX.formatHex(Primitives.hkdf(range(0x00, 80), range(0x60, 80), range(0xb0, 80), 82)))
        .isEqualTo("b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c19afa97c"
            + "59045a99cac7827271cb41c65e590e09da3275600c2f09b8367793a9aca3db71"
            + "cc30c58179ec3e87c14c01d5c1f3434f1d87");
    assertThat(HEX.formatHex(Primitives.hkdf(repeat(0x0b, 22), new byte[0], new byte[0], 42)))
        .isEqualTo("8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8");
  }

  @Test
  void hkdfMatchesBouncyCastleIncludingEmptySaltAndIkm() {
    Random random = new Random(7);
    for (int i = 0; i < 200; i++) {
      byte[] ikm = bytes(random, random.nextInt(3) == 0 ? 0 : 1 + random.nextInt(64));
      byte[] salt = bytes(random, random.nextInt(3) == 0 ? 0 : 1 + random.nextInt(100));
      byte[] info = bytes(random, random.nextInt(40));
      int length = 1 + random.nextInt(100);
      HKDFBytesGenerator bc = new HKDFBytesGenerator(new SHA256Digest());
      bc.init(new HKDFParameters(ikm, salt, info));
      byte[] expected = new byte[length];
      bc.generateBytes(expected, 0, length);

      assertThat(Primitives.hkdf(ikm, salt, info, length)).isEqualTo(expected);
    }
    assertThat(Primitives.hkdf(new byte[] {1}, null, new byte[0], 32))
        .isEqualTo(Primitives.hkdf(new byte[] {1}, new byte[32], new byte[0], 32));
  }

  @Test
  void hmacMatchesRfc4231AndTheJdk() throws Exception {
    assertThat(HEX.formatHex(hmac(repeat(0x0b, 20), ascii("Hi There"))))
        .isEqualTo("b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
    assertThat(HEX.formatHex(hmac(ascii("Jefe"), ascii("what do ya want for nothing?"))))
        .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    assertThat(HEX.formatHex(hmac(repeat(0xaa, 131), ascii("Test Using Larger Than Block-Size Key - Hash Key First"))))
        .isEqualTo("60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");

    Random random = new Random(11);
    for (int i = 0; i < 200; i++) {
      byte[] key = bytes(random, 1 + random.nextInt(150));
      byte[] data = bytes(random, random.nextInt(300));
      int off = data.length == 0 ? 0 : random.nextInt(data.length);
      int len = data.length - off == 0 ? 0 : random.nextInt(data.length - off);
      Mac jdk = Mac.getInstance("HmacSHA256");
      jdk.init(new SecretKeySpec(key, "HmacSHA256"));
      jdk.update(data, off, len);

      assertThat(Primitives.hmacSha256(key, data, off, len)).isEqualTo(jdk.doFinal());
    }
  }

  @Test
  void zeroNonceBoxesMatchSunJce() throws Exception {
    Random random = new Random(13);
    for (int i = 0; i < 50; i++) {
      byte[] key = bytes(random, 32);
      byte[] plaintext = bytes(random, random.nextInt(100));
      Cipher jdk = Cipher.getInstance("ChaCha20-Poly1305");
      jdk.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "ChaCha20"), new IvParameterSpec(new byte[12]));
      byte[] sealed = jdk.doFinal(plaintext);

      assertThat(Primitives.sealZeroNonce(key, plaintext)).isEqualTo(sealed);
      assertThat(Primitives.openZeroNonce(key, sealed)).hasValue(plaintext);
      sealed[random.nextInt(sealed.length)] ^= 1;
      assertThat(Primitives.openZeroNonce(key, sealed)).isEmpty();
    }
    assertThat(Primitives.openZeroNonce(new byte[32], new byte[15])).isEmpty();
  }

  @Test
  void x25519BaseMatchesBouncyCastlesFixedBaseMultiplication() {
    Random random = new Random(17);
    for (int i = 0; i < 100; i++) {
      byte[] scalar = bytes(random, 32);
      byte[] expected = new byte[32];
      X25519.scalarMultBase(scalar, 0, expected, 0);

      assertThat(Primitives.x25519Base(scalar)).isEqualTo(expected);
    }
  }

  private static byte[] hmac(byte[] key, byte[] data) {
    return Primitives.hmacSha256(key, data, 0, data.length);
  }

  private static byte[] ascii(String text) {
    return text.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  }

  private static byte[] repeat(int value, int n) {
    byte[] b = new byte[n];
    java.util.Arrays.fill(b, (byte) value);
    return b;
  }

  private static byte[] range(int first, int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) (first + i);
    }
    return b;
  }

  private static byte[] bytes(Random random, int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }
}
