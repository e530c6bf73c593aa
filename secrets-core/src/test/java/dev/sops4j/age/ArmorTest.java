package dev.sops4j.age;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ArmorTest {
  private static final String BEGIN = "-----BEGIN AGE ENCRYPTED FILE-----";
  private static final String END = "-----END AGE ENCRYPTED FILE-----";

  // --- CCTV armor_* vectors, decoded at the armor layer ---

  static Stream<String> cctvArmorVectors() {
    return CctvVector.names(n -> n.startsWith("armor"));
  }

  @Test
  void coversEveryArmorVector() {
    assertThat(cctvArmorVectors()).hasSize(33);
  }

  /**
   * "armor failure" vectors must fail in the armor reader; every other armor vector must de-armor
   * to an age file (or nothing, for armor_empty), and re-armoring it must give back the input
   * text with CRLF normalised to LF and outer whitespace trimmed.
   */
  @ParameterizedTest
  @MethodSource("cctvArmorVectors")
  void cctvArmorVector(String name) throws IOException {
    CctvVector v = CctvVector.load(name);
    assertThat(v.armored()).as(name).isTrue();
    if (v.expect().equals("armor failure")) {
      assertThatThrownBy(() -> dearmor(v.ageFile(), 8192)).as(name).isInstanceOf(AgeArmorException.class);
      assertThatThrownBy(() -> dearmor(v.ageFile(), 1)).as(name).isInstanceOf(AgeArmorException.class);
      return;
    }
    byte[] binary = dearmor(v.ageFile(), 8192);
    assertThat(dearmor(v.ageFile(), 1)).as(name).isEqualTo(binary);
    if (name.equals("armor_empty")) {
      assertThat(binary).isEmpty();
    } else {
      assertThat(new String(binary, 0, 21, StandardCharsets.ISO_8859_1)).as(name).isEqualTo("age-encryption.org/v1");
    }
    String normalised = new String(v.ageFile(), StandardCharsets.ISO_8859_1).replace("\r\n", "\n").strip() + "\n";
    assertThat(new String(armor(binary, 7), StandardCharsets.ISO_8859_1)).as(name).isEqualTo(normalised);
  }

  @Test
  void crlfAndNoEolVectorsDecodeLikeTheirLfTwin() throws IOException {
    byte[] reference = dearmor(CctvVector.load("armor_x25519").ageFile(), 4096);
    assertThat(dearmor(CctvVector.load("armor_no_eol").ageFile(), 4096)).isEqualTo(reference);
    assertThat(dearmor(CctvVector.load("armor_whitespace_outside").ageFile(), 4096)).isEqualTo(reference);
  }

  // --- reader rules on hand-made input ---

  @Test
  void decodesWhatTheWriterWrites() throws IOException {
    Random random = new Random(42);
    for (int size : new int[] {0, 1, 2, 3, 46, 47, 48, 49, 95, 96, 97, 1000, 65536, 200_003}) {
      byte[] data = new byte[size];
      random.nextBytes(data);
      for (int chunk : new int[] {1, 5, 48, 4096, Integer.MAX_VALUE}) {
        byte[] armored = armor(data, chunk);
        assertThat(dearmor(armored, 8192)).as("size %d chunk %d", size, chunk).isEqualTo(data);
        assertThat(dearmor(armored, 1)).as("size %d", size).isEqualTo(data);
      }
    }
  }

  @Test
  void writerLayout() throws IOException {
    assertThat(text(armor(new byte[0], 1))).isEqualTo(BEGIN + "\n" + END + "\n");
    assertThat(text(armor(new byte[] {'a', 'g', 'e'}, 1))).isEqualTo(BEGIN + "\nYWdl\n" + END + "\n");
    assertThat(text(armor(new byte[] {1}, 1))).isEqualTo(BEGIN + "\nAQ==\n" + END + "\n");
    byte[] fullLine = new byte[48];
    String expectedLine = Base64.getEncoder().encodeToString(fullLine);
    assertThat(text(armor(fullLine, 1))).isEqualTo(BEGIN + "\n" + expectedLine + "\n" + END + "\n");
    byte[] twoLines = new byte[49];
    String s = text(armor(twoLines, 1000));
    String[] lines = s.split("\n", -1);
    assertThat(lines).hasSize(5);
    assertThat(lines[1]).hasSize(64);
    assertThat(lines[2]).isEqualTo("AA==");
    assertThat(lines[4]).isEmpty();
    // The output as a whole is plain PEM that a lenient MIME decoder also reads.
    byte[] data = new byte[1000];
    new Random(1).nextBytes(data);
    String body = text(armor(data, 13)).replace(BEGIN, "").replace(END, "");
    assertThat(Base64.getMimeDecoder().decode(body)).isEqualTo(data);
  }

  @Test
  void writerCloseWritesFooterOnceAndClosesTheTarget() throws IOException {
    boolean[] closed = new boolean[1];
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    OutputStream target = new OutputStream() {
      @Override
      public void write(int b) {
        sink.write(b);
      }

      @Override
      public void close() {
        closed[0] = true;
      }
    };
    ArmoredOutputStream out = new ArmoredOutputStream(target);
    out.write(new byte[] {'a', 'g', 'e'});
    out.flush();
    assertThat(text(sink.toByteArray())).isEqualTo(BEGIN + "\n");
    out.close();
    out.close();
    assertThat(closed[0]).isTrue();
    assertThat(text(sink.toByteArray())).isEqualTo(BEGIN + "\nYWdl\n" + END + "\n");
    assertThatThrownBy(() -> out.write(1)).isInstanceOf(IOException.class);
  }

  @Test
  void acceptsCrlfAndNoFinalEol() throws IOException {
    String armored = BEGIN + "\r\nYWdl\r\n" + END;
    assertThat(dearmor(bytes(armored), 100)).isEqualTo(bytes("age"));
    assertThat(dearmor(bytes(BEGIN + "\n" + END), 100)).isEmpty();
  }

  @Test
  void leadingWhitespaceLimit() throws IOException {
    String block = BEGIN + "\nYWdl\n" + END + "\n";
    // Go counts each blank line's length plus one for its LF; more than 1024 fails.
    String ok = " ".repeat(1023) + "\n";
    assertThat(dearmor(bytes(ok + block), 100)).isEqualTo(bytes("age"));
    assertThat(dearmor(bytes("\n".repeat(1024) + block), 100)).isEqualTo(bytes("age"));
    assertThatThrownBy(() -> dearmor(bytes(" ".repeat(1024) + "\n" + block), 100))
        .isInstanceOf(AgeArmorException.class).hasMessageContaining("whitespace");
    assertThatThrownBy(() -> dearmor(bytes("\n".repeat(1025) + block), 100))
        .isInstanceOf(AgeArmorException.class).hasMessageContaining("whitespace");
  }

  @Test
  void trailingWhitespaceLimit() throws IOException {
    String block = BEGIN + "\nYWdl\n" + END + "\n";
    assertThat(dearmor(bytes(block + " \t\r\n".repeat(255) + "\n\n\n"), 100)).isEqualTo(bytes("age"));
    assertThatThrownBy(() -> dearmor(bytes(block + " ".repeat(1024)), 100))
        .isInstanceOf(AgeArmorException.class).hasMessageContaining("whitespace");
    assertThatThrownBy(() -> dearmor(bytes(block + "\n x"), 100))
        .isInstanceOf(AgeArmorException.class).hasMessageContaining("after the END line");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "",
      "YWdl\n",
      BEGIN + "\n",
      BEGIN + "\nYWdl\n",
      BEGIN + "\nYWdl\n\n" + END + "\n",
      BEGIN + "\n\nYWdl\n" + END + "\n",
      BEGIN + "\nYWdl \n" + END + "\n",
      BEGIN + "\n YWdl\n" + END + "\n",
      BEGIN + "\nYWd\n" + END + "\n",
      BEGIN + "\nYWdlYQ\n" + END + "\n",
      BEGIN + "\nYR==\n" + END + "\n",
      BEGIN + "\nYWd=\n" + END + "\n",
      BEGIN + "\nYW=l\n" + END + "\n",
      BEGIN + "\nYWdl\n=\n" + END + "\n",
      BEGIN + "\nYWdl\nYWdl\n" + END + "\n",
      BEGIN + "\nYW*l\n" + END + "\n",
      BEGIN + "\nYWdl\r\r\n" + END + "\n",
      BEGIN + " \nYWdl\n" + END + "\n",
      " " + BEGIN + "\nYWdl\n" + END + "\n",
      "-----BEGIN AGE ENCRYPTED FILE-----x\nYWdl\n" + END + "\n",
      "-----begin age encrypted file-----\nYWdl\n-----end age encrypted file-----\n",
      "-----BEGIN PGP MESSAGE-----\nYWdl\n-----END PGP MESSAGE-----\n",
      BEGIN + "\nYWdl\n" + END + " \n",
      BEGIN + "\nVersion: 1\n\nYWdl\n" + END + "\n",
      BEGIN + "\nYWdl\n=ABCD\n" + END + "\n",
      "garbage\n" + BEGIN + "\nYWdl\n" + END + "\n"})
  void rejects(String armored) {
    assertThatThrownBy(() -> dearmor(bytes(armored), 100)).isInstanceOf(AgeArmorException.class)
        .hasMessageStartingWith("invalid armor");
  }

  @Test
  void lineOf65ColumnsAndAShortLineBeforeAFullOneFail() {
    String full = Base64.getEncoder().encodeToString(new byte[48]);
    assertThatThrownBy(() -> dearmor(bytes(BEGIN + "\n" + full + "A\n" + END + "\n"), 100))
        .hasMessageContaining("longer than 64");
    assertThatThrownBy(() -> dearmor(bytes(BEGIN + "\nAAAA\n" + full + "\n" + END + "\n"), 100))
        .hasMessageContaining("is not \"" + END + "\"");
  }

  @Test
  void releasesDecodedBytesBeforeAFaultAfterThem() throws IOException {
    String full = Base64.getEncoder().encodeToString(new byte[48]);
    byte[] armored = bytes(BEGIN + "\n" + full + "\n" + full + "\n" + full + "\nA\n" + END + "\n");
    try (InputStream in = new ArmoredInputStream(new ByteArrayInputStream(armored))) {
      byte[] buf = new byte[1000];
      int n = in.read(buf, 0, buf.length);
      assertThat(n).isEqualTo(144);
      assertThatThrownBy(() -> in.read(buf, 0, buf.length)).isInstanceOf(AgeArmorException.class)
          .hasMessageContaining("line 5");
      // The failure is sticky.
      assertThatThrownBy(in::read).isInstanceOf(AgeArmorException.class);
    }
  }

  @Test
  void readsNothingUntilFirstRead() {
    InputStream failing = new InputStream() {
      @Override
      public int read() {
        throw new AssertionError("read too early");
      }
    };
    new ArmoredInputStream(failing);
    new ArmoredOutputStream(new ByteArrayOutputStream());
  }

  @Test
  void errorsNameTheLineNotItsContent() {
    String secretish = "c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0!";
    assertThatThrownBy(() -> dearmor(bytes(BEGIN + "\n" + secretish.substring(0, 60) + "!!!!\n" + END), 100))
        .hasMessageContaining("line 2").hasMessageNotContaining("c2Vj");
  }

  @Test
  void throughputOfLargeReadsAndWrites() throws IOException {
    byte[] data = new byte[64 << 20];
    new Random(7).nextBytes(data);
    ByteArrayOutputStream sink = new ByteArrayOutputStream(data.length * 4 / 3 + data.length / 48 + 100);
    long t0 = System.nanoTime();
    try (OutputStream out = new ArmoredOutputStream(sink)) {
      for (int off = 0; off < data.length; off += 65536) {
        out.write(data, off, 65536);
      }
    }
    long t1 = System.nanoTime();
    byte[] armored = sink.toByteArray();
    byte[] back = new byte[data.length];
    int total = 0;
    long t2 = System.nanoTime();
    try (InputStream in = new ArmoredInputStream(new ByteArrayInputStream(armored))) {
      int n;
      while ((n = in.read(back, total, Math.min(65536, back.length - total))) > 0) {
        total += n;
      }
      assertThat(in.read()).isEqualTo(-1);
    }
    long t3 = System.nanoTime();
    assertThat(total).isEqualTo(data.length);
    assertThat(Arrays.equals(back, data)).isTrue();
    double mib = data.length / (double) (1 << 20);
    System.out.printf("armor throughput: write %.0f MiB/s, read %.0f MiB/s (64 MiB, 64 KiB calls)%n",
        mib / ((t1 - t0) / 1e9), mib / ((t3 - t2) / 1e9));
  }

  // --- helpers ---

  private static byte[] dearmor(byte[] armored, int readSize) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (InputStream in = new ArmoredInputStream(new ByteArrayInputStream(armored))) {
      if (readSize == 1) {
        int b;
        while ((b = in.read()) >= 0) {
          out.write(b);
        }
      } else {
        byte[] buf = new byte[readSize];
        int n;
        while ((n = in.read(buf)) >= 0) {
          out.write(buf, 0, n);
        }
      }
    }
    return out.toByteArray();
  }

  private static byte[] armor(byte[] data, int chunk) throws IOException {
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    try (OutputStream out = new ArmoredOutputStream(sink)) {
      if (chunk == 1) {
        for (byte b : data) {
          out.write(b);
        }
      } else {
        for (int off = 0; off < data.length; off += chunk) {
          out.write(data, off, Math.min(chunk, data.length - off));
        }
      }
    }
    return sink.toByteArray();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static String text(byte[] b) {
    return new String(b, StandardCharsets.ISO_8859_1);
  }
}
