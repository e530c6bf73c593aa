package dev.sops4j.age;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.SplittableRandom;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link ChaCha20}, {@link Poly1305} and {@link JavaChunkCipher} against RFC 8439 and SunJCE. */
class JavaChunkCipherTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final String KEY_00_1F =
      "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
  private static final String SUNSCREEN = "Ladies and Gentlemen of the class of '99: If I could offer you"
      + " only one tip for the future, sunscreen would be it.";
  private static final String SUBMISSION_HEX = HEX.formatHex(("Any submission to the IETF intended by the"
      + " Contributor for publication as all or part of an IETF Internet-Draft or RFC and any statement made"
      + " within the context of an IETF activity is considered an \"IETF Contribution\". Such statements"
      + " include oral statements in IETF sessions, as well as written and electronic communications made at"
      + " any time or place, which are addressed to").getBytes(US_ASCII));
  private static final String JABBERWOCKY_HEX = "2754776173206272696c6c69672c20616e642074686520736c6974687920746f"
      + "7665730a446964206779726520616e642067696d626c6520696e207468652077"
      + "6162653a0a416c6c206d696d737920776572652074686520626f726f676f7665"
      + "732c0a416e6420746865206d6f6d65207261746873206f757467726162652e";

  // ChaCha20 block function: RFC 8439 §2.3.2 and Appendix A.1

  @ParameterizedTest
  @CsvSource({
    KEY_00_1F + ",000000090000004a00000000,1,10f1e7e4d13b5915500fdd1fa32071c4c7d1f4c733c068030422aa9ac3d46c4e"
        + "d2826446079faa0914c2d705d98b02a2b5129cd1de164eb9cbd083e8a2503c4e",
    "0000000000000000000000000000000000000000000000000000000000000000,000000000000000000000000,0,"
        + "76b8e0ada0f13d90405d6ae55386bd28bdd219b8a08ded1aa836efcc8b770dc7"
        + "da41597c5157488d7724e03fb8d84a376a43b8f41518a11cc387b669b2ee6586",
    "0000000000000000000000000000000000000000000000000000000000000000,000000000000000000000000,1,"
        + "9f07e7be5551387a98ba977c732d080dcb0f29a048e3656912c6533e32ee7aed"
        + "29b721769ce64e43d57133b074d839d531ed1f28510afb45ace10a1f4b794d6f",
    "0000000000000000000000000000000000000000000000000000000000000001,000000000000000000000000,1,"
        + "3aeb5224ecf849929b9d828db1ced4dd832025e8018b8160b82284f3c949aa5a"
        + "8eca00bbb4a73bdad192b5c42f73f2fd4e273644c8b36125a64addeb006c13a0",
    "00ff000000000000000000000000000000000000000000000000000000000000,000000000000000000000000,2,"
        + "72d54dfbf12ec44b362692df94137f328fea8da73990265ec1bbbea1ae9af0ca"
        + "13b25aa26cb4a648cb9b9d1be65b2c0924a66c54d545ec1b7374f4872e99f096",
    "0000000000000000000000000000000000000000000000000000000000000000,000000000000000000000002,0,"
        + "c2c64d378cd536374ae204b9ef933fcd1a8b2288b3dfa49672ab765b54ee27c7"
        + "8a970e0e955c14f3a88e741b97c286f75f8fc299e8148362fa198a39531bed6d",
  })
  void blockMatchesRfc8439(String key, String nonce, int counter, String expected) {
    int[] out = new int[16];
    ChaCha20.block(words(key), words(nonce), counter, out);
    byte[] serialized = new byte[64];
    for (int i = 0; i < 16; i++) {
      for (int b = 0; b < 4; b++) {
        serialized[4 * i + b] = (byte) (out[i] >>> (8 * b));
      }
    }
    assertThat(HEX.formatHex(serialized)).isEqualTo(expected);
    // the whole-block path must agree with the single-block one
    assertThat(HEX.formatHex(xor(key, nonce, counter, new byte[64]))).isEqualTo(expected);
  }

  // ChaCha20 encryption: RFC 8439 §2.4.2 and Appendix A.2

  @Test
  void encryptsSunscreenAsSection242() {
    byte[] ct = xor(KEY_00_1F, "000000000000004a00000000", 1, SUNSCREEN.getBytes(US_ASCII));
    assertThat(HEX.formatHex(ct)).isEqualTo(
        "6e2e359a2568f98041ba0728dd0d6981e97e7aec1d4360c20a27afccfd9fae0b"
            + "f91b65c5524733ab8f593dabcd62b3571639d624e65152ab8f530c359f0861d8"
            + "07ca0dbf500d6a6156a38e088a22b65e52bc514d16ccf806818ce91ab7793736"
            + "5af90bbf74a35be6b40b8eedf2785e42874d");
  }

  @Test
  void encryptsAppendixA2Vectors() {
    String zeros32 = "00".repeat(32);
    assertThat(HEX.formatHex(xor(zeros32, "00".repeat(12), 0, new byte[64]))).isEqualTo(
        "76b8e0ada0f13d90405d6ae55386bd28bdd219b8a08ded1aa836efcc8b770dc7"
            + "da41597c5157488d7724e03fb8d84a376a43b8f41518a11cc387b669b2ee6586");
    assertThat(HEX.formatHex(xor("00".repeat(31) + "01", "000000000000000000000002", 1,
        HEX.parseHex(SUBMISSION_HEX)))).isEqualTo(
        "a3fbf07df3fa2fde4f376ca23e82737041605d9f4f4f57bd8cff2c1d4b7955ec"
            + "2a97948bd3722915c8f3d337f7d370050e9e96d647b7c39f56e031ca5eb6250d"
            + "4042e02785ececfa4b4bb5e8ead0440e20b6e8db09d881a7c6132f420e527950"
            + "42bdfa7773d8a9051447b3291ce1411c680465552aa6c405b7764d5e87bea85a"
            + "d00f8449ed8f72d0d662ab052691ca66424bc86d2df80ea41f43abf937d3259d"
            + "c4b2d0dfb48a6c9139ddd7f76966e928e635553ba76c5c879d7b35d49eb2e62b"
            + "0871cdac638939e25e8a1e0ef9d5280fa8ca328b351c3c765989cbcf3daa8b6c"
            + "cc3aaf9f3979c92b3720fc88dc95ed84a1be059c6499b9fda236e7e818b04b0b"
            + "c39c1e876b193bfe5569753f88128cc08aaa9b63d1a16f80ef2554d7189c411f"
            + "5869ca52c5b83fa36ff216b9c1d30062bebcfd2dc5bce0911934fda79a86f6e6"
            + "98ced759c3ff9b6477338f3da4f9cd8514ea9982ccafb341b2384dd902f3d1ab"
            + "7ac61dd29c6f21ba5b862f3730e37cfdc4fd806c22f221");
    assertThat(HEX.formatHex(xor("1c9240a5eb55d38af333888604f6b5f0473917c1402b80099dca5cbc207075c0",
        "000000000000000000000002", 42, HEX.parseHex(JABBERWOCKY_HEX)))).isEqualTo(
        "62e6347f95ed87a45ffae7426f27a1df5fb69110044c0d73118effa95b01e5cf"
            + "166d3df2d721caf9b21e5fb14c616871fd84c54f9d65b283196c7fe4f60553eb"
            + "f39c6402c42234e32a356b3e764312a61a5532055716ead6962568f87d3f3f77"
            + "04c6a8d1bcd1bf4d50d6154b6da731b187b58dfd728afa36757a797ac188d1");
  }

  // Poly1305: RFC 8439 §2.5.2 and Appendix A.3 #1–#11

  @ParameterizedTest(name = "[{index}] {3}")
  @CsvSource({
    "85d6be7857556d337f4452fe42d506a80103808afb0db2fd4abff6af4149f51b,"
        + "43727970746f6772617068696320466f72756d2052657365617263682047726f7570,"
        + "a8061dc1305136c6c22b8baf0c0127a9,section 2.5.2",
    ",,,A.3 #1",
    ",,,A.3 #2",
    ",,,A.3 #3",
    ",,,A.3 #4",
    "0200000000000000000000000000000000000000000000000000000000000000,"
        + "ffffffffffffffffffffffffffffffff,03000000000000000000000000000000,A.3 #5",
    "02000000000000000000000000000000ffffffffffffffffffffffffffffffff,"
        + "02000000000000000000000000000000,03000000000000000000000000000000,A.3 #6",
    "0100000000000000000000000000000000000000000000000000000000000000,"
        + "fffffffffffffffffffffffffffffffff0ffffffffffffffffffffffffffffff11000000000000000000000000000000,"
        + "05000000000000000000000000000000,A.3 #7",
    "0100000000000000000000000000000000000000000000000000000000000000,"
        + "fffffffffffffffffffffffffffffffffbfefefefefefefefefefefefefefefe01010101010101010101010101010101,"
        + "00000000000000000000000000000000,A.3 #8",
    "0200000000000000000000000000000000000000000000000000000000000000,"
        + "fdffffffffffffffffffffffffffffff,faffffffffffffffffffffffffffffff,A.3 #9",
    "0100000000000000040000000000000000000000000000000000000000000000,"
        + "e33594d7505e43b900000000000000003394d7505e4379cd0100000000000000"
        + "0000000000000000000000000000000001000000000000000000000000000000,"
        + "14000000000000005500000000000000,A.3 #10",
    "0100000000000000040000000000000000000000000000000000000000000000,"
        + "e33594d7505e43b900000000000000003394d7505e4379cd0100000000000000"
        + "00000000000000000000000000000000,"
        + "13000000000000000000000000000000,A.3 #11",
  })
  void poly1305MatchesRfc8439(String key, String message, String tag, String name) {
    String[] vector = switch (name) {
      case "A.3 #1" -> new String[] {"00".repeat(32), "00".repeat(64), "00".repeat(16)};
      case "A.3 #2" -> new String[] {"00".repeat(16) + "36e5f6b5c5e06070f0efca96227a863e", SUBMISSION_HEX,
          "36e5f6b5c5e06070f0efca96227a863e"};
      case "A.3 #3" -> new String[] {"36e5f6b5c5e06070f0efca96227a863e" + "00".repeat(16), SUBMISSION_HEX,
          "f3477e7cd95417af89a6b8794c310cf0"};
      case "A.3 #4" -> new String[] {"1c9240a5eb55d38af333888604f6b5f0473917c1402b80099dca5cbc207075c0",
          JABBERWOCKY_HEX, "4541669a7eaaee61e708dc7cbcc5eb62"};
      default -> new String[] {key, message, tag};
    };
    byte[] m = HEX.parseHex(vector[1]);
    assertThat(HEX.formatHex(mac(vector[0], m, m.length))).isEqualTo(vector[2]);
    // fed one byte at a time, the partial-block buffering must give the same tag
    assertThat(HEX.formatHex(mac(vector[0], m, 1))).isEqualTo(vector[2]);
    assertThat(HEX.formatHex(mac(vector[0], m, 7))).isEqualTo(vector[2]);
  }

  // Poly1305 key generation: RFC 8439 Appendix A.4 (the first 32 bytes of block 0)

  @ParameterizedTest
  @CsvSource({
    "0000000000000000000000000000000000000000000000000000000000000000,000000000000000000000000,"
        + "76b8e0ada0f13d90405d6ae55386bd28bdd219b8a08ded1aa836efcc8b770dc7",
    "0000000000000000000000000000000000000000000000000000000000000001,000000000000000000000002,"
        + "ecfa254f845f647473d3cb140da9e87606cb33066c447b87bc2666dde3fbb739",
    "1c9240a5eb55d38af333888604f6b5f0473917c1402b80099dca5cbc207075c0,000000000000000000000002,"
        + "965e3bc6f9ec7ed9560808f4d229f94b137ff275ca9b3fcbdd59deaad23310ae",
  })
  void poly1305KeyGenerationMatchesAppendixA4(String key, String nonce, String oneTimeKey) {
    assertThat(HEX.formatHex(xor(key, nonce, 0, new byte[32]))).isEqualTo(oneTimeKey);
  }

  // AEAD: RFC 8439 §2.8.2 and Appendix A.5

  @Test
  void sealsSunscreenAsSection282() {
    JavaChunkCipher cipher = new JavaChunkCipher(HEX.parseHex(
        "808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f"));
    byte[] nonce = HEX.parseHex("070000004041424344454647");
    byte[] aad = HEX.parseHex("50515253c0c1c2c3c4c5c6c7");
    byte[] plain = SUNSCREEN.getBytes(US_ASCII);
    byte[] sealed = new byte[plain.length + 16];
    assertThat(cipher.seal(nonce, aad, plain, 0, plain.length, sealed, 0)).isEqualTo(sealed.length);
    assertThat(HEX.formatHex(sealed)).isEqualTo(
        "d31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a736ee62d6"
            + "3dbea45e8ca9671282fafb69da92728b1a71de0a9e060b2905d6a5b67ecd3b36"
            + "92ddbd7f2d778b8c9803aee328091b58fab324e4fad675945585808b4831d7bc"
            + "3ff4def08e4b7a9de576d26586cec64b6116"
            + "1ae10b594f09e26a7e902ecbd0600691");
    byte[] opened = new byte[plain.length];
    assertThat(cipher.open(nonce, aad, sealed, 0, sealed.length, opened, 0)).isEqualTo(plain.length);
    assertThat(opened).isEqualTo(plain);
  }

  @Test
  void opensAppendixA5() {
    JavaChunkCipher cipher = new JavaChunkCipher(HEX.parseHex(
        "1c9240a5eb55d38af333888604f6b5f0473917c1402b80099dca5cbc207075c0"));
    byte[] nonce = HEX.parseHex("000000000102030405060708");
    byte[] aad = HEX.parseHex("f33388860000000000004e91");
    byte[] sealed = HEX.parseHex(
        "64a0861575861af460f062c79be643bd5e805cfd345cf389f108670ac76c8cb2"
            + "4c6cfc18755d43eea09ee94e382d26b0bdb7b73c321b0100d4f03b7f355894cf"
            + "332f830e710b97ce98c8a84abd0b948114ad176e008d33bd60f982b1ff37c855"
            + "9797a06ef4f0ef61c186324e2b3506383606907b6a7c02b0f9f6157b53c867e4"
            + "b9166c767b804d46a59b5216cde7a4e99040c5a40433225ee282a1b0a06c523e"
            + "af4534d7f83fa1155b0047718cbc546a0d072b04b3564eea1b422273f548271a"
            + "0bb2316053fa76991955ebd63159434ecebb4e466dae5a1073a6727627097a10"
            + "49e617d91d361094fa68f0ff77987130305beaba2eda04df997b714d6c6f2c29"
            + "a6ad5cb4022b02709b"
            + "eead9d67890cbb22392336fea1851f38");
    byte[] opened = new byte[sealed.length - 16];
    assertThat(cipher.open(nonce, aad, sealed, 0, sealed.length, opened, 0)).isEqualTo(opened.length);
    assertThat(new String(opened, UTF_8)).startsWith("Internet-Drafts are draft documents valid for a maximum of six months")
        .endsWith("as /\u201cwork in progress./\u201d");
  }

  // Differential against SunJCE

  @Test
  void agreesWithSunJceForEveryLengthUpTo300() throws GeneralSecurityException {
    SplittableRandom random = new SplittableRandom(8439);
    for (int length = 0; length <= 300; length++) {
      assertAgreesWithSunJce(random, length, length % 5, length % 3);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1023, 1024, 1025, 16383, 16384, 16385, 65535, 65536, 65537, 1 << 20})
  void agreesWithSunJceForLargeChunks(int length) throws GeneralSecurityException {
    SplittableRandom random = new SplittableRandom(length);
    for (int i = 0; i < 3; i++) {
      assertAgreesWithSunJce(random, length, i, 2 * i);
    }
  }

  // Tampering and malformed input

  @Test
  void rejectsEveryFlippedTagBitAndCiphertextByteWithoutWriting() {
    SplittableRandom random = new SplittableRandom(7);
    byte[] key = bytes(random, 32);
    byte[] nonce = bytes(random, 12);
    byte[] plain = bytes(random, 200);
    JavaChunkCipher cipher = new JavaChunkCipher(key);
    byte[] sealed = new byte[plain.length + 16];
    cipher.seal(nonce, plain, 0, plain.length, sealed, 0);
    for (int i = 0; i < sealed.length; i++) {
      for (int bit = 0; bit < 8; bit += i < plain.length ? 7 : 1) {
        byte[] tampered = sealed.clone();
        tampered[i] ^= (byte) (1 << bit);
        byte[] out = new byte[plain.length];
        Arrays.fill(out, (byte) 0x55);
        assertThat(cipher.open(nonce, tampered, 0, tampered.length, out, 0)).as("byte %d bit %d", i, bit).isEqualTo(-1);
        assertThat(out).as("output untouched").containsOnly((byte) 0x55);
      }
    }
    byte[] otherNonce = nonce.clone();
    otherNonce[11] ^= 1;
    assertThat(cipher.open(otherNonce, sealed, 0, sealed.length, new byte[plain.length], 0)).isEqualTo(-1);
    assertThat(cipher.open(nonce, sealed, 0, sealed.length - 1, new byte[plain.length], 0)).isEqualTo(-1);
    assertThat(cipher.open(nonce, sealed, 0, 15, new byte[0], 0)).isEqualTo(-1);
    byte[] out = new byte[plain.length];
    assertThat(cipher.open(nonce, sealed, 0, sealed.length, out, 0)).isEqualTo(plain.length);
    assertThat(out).isEqualTo(plain);
  }

  @Test
  void sealsAndOpensTheEmptyChunk() {
    JavaChunkCipher cipher = new JavaChunkCipher(new byte[32]);
    byte[] sealed = new byte[16];
    assertThat(cipher.seal(new byte[12], new byte[0], 0, 0, sealed, 0)).isEqualTo(16);
    assertThat(cipher.open(new byte[12], sealed, 0, 16, new byte[0], 0)).isZero();
  }

  // Selection

  @Test
  void autoPicksTheJavaCipherBeforeTheIntrinsicsAndSunJceAfter() {
    assertThat(ChunkCipher.implementation("auto", 17)).isEqualTo("java");
    assertThat(ChunkCipher.implementation(" AUTO ", 25)).isEqualTo("jdk");
    assertThat(ChunkCipher.implementation("auto", ChunkCipher.JDK_INTRINSICS_FEATURE)).isEqualTo("jdk");
    assertThat(ChunkCipher.implementation("java", 25)).isEqualTo("java");
    assertThat(ChunkCipher.implementation("jdk", 17)).isEqualTo("jdk");
    assertThat(ChunkCipher.implementation("Bc", 17)).isEqualTo("bc");
  }

  @Test
  void factoryBuildsTheJavaCipherOnRequest() {
    String before = System.getProperty(ChunkCipher.PROPERTY);
    try {
      System.setProperty(ChunkCipher.PROPERTY, "java");
      assertThat(ChunkCipher.factory(new byte[32]).get()).isInstanceOf(JavaChunkCipher.class);
    } finally {
      if (before == null) {
        System.clearProperty(ChunkCipher.PROPERTY);
      } else {
        System.setProperty(ChunkCipher.PROPERTY, before);
      }
    }
  }

  private static void assertAgreesWithSunJce(SplittableRandom random, int length, int inOff, int outOff)
      throws GeneralSecurityException {
    byte[] key = bytes(random, 32);
    byte[] nonce = bytes(random, 12);
    byte[] input = bytes(random, inOff + length);
    Cipher sunJce = Cipher.getInstance("ChaCha20-Poly1305");
    sunJce.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "ChaCha20"), new IvParameterSpec(nonce));
    byte[] expected = sunJce.doFinal(input, inOff, length);
    JavaChunkCipher cipher = new JavaChunkCipher(key);
    byte[] sealed = new byte[outOff + length + 16];
    assertThat(cipher.seal(nonce, input, inOff, length, sealed, outOff)).isEqualTo(length + 16);
    assertThat(Arrays.copyOfRange(sealed, outOff, sealed.length)).as("length %d", length).isEqualTo(expected);
    byte[] opened = new byte[inOff + length];
    assertThat(cipher.open(nonce, sealed, outOff, length + 16, opened, inOff)).isEqualTo(length);
    assertThat(Arrays.copyOfRange(opened, inOff, opened.length))
        .isEqualTo(Arrays.copyOfRange(input, inOff, input.length));
  }

  private static byte[] xor(String key, String nonce, int counter, byte[] in) {
    byte[] out = new byte[in.length];
    ChaCha20.xor(words(key), words(nonce), counter, in, 0, in.length, out, 0, new ChaCha20.Lanes(), new int[16]);
    return out;
  }

  private static byte[] mac(String key, byte[] message, int piece) {
    Poly1305 poly = new Poly1305();
    poly.init(HEX.parseHex(key), 0);
    for (int off = 0; off < message.length; off += piece) {
      poly.update(message, off, Math.min(piece, message.length - off));
    }
    byte[] tag = new byte[16];
    poly.finish(tag, 0);
    return tag;
  }

  private static int[] words(String hex) {
    byte[] bytes = HEX.parseHex(hex);
    int[] words = new int[bytes.length / 4];
    ChaCha20.words(bytes, 0, words);
    return words;
  }

  private static byte[] bytes(SplittableRandom random, int length) {
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    return bytes;
  }
}
