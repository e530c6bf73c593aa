package dev.sops4j.age;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import java.util.Random;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.junit.jupiter.api.Test;

/** HKDF-SHA-256 of {@link Primitives} against RFC 5869 and BouncyCastle's generator. */
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
