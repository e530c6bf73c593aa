package dev.sops4j.age;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.function.Supplier;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The STREAM payload with a fixed key: chunk boundaries, parallel and sequential giving identical
 * bytes and identical failures, JDK and BouncyCastle ciphers agreeing, and constant memory.
 */
class StreamTest {
  private static final int CHUNK = Payload.CHUNK_SIZE;
  private static final int SEALED = Payload.SEALED_CHUNK_SIZE;
  private static final byte[] KEY = Payload.key("YELLOW SUBMARINE".getBytes(), new byte[16]);
  private static final int PARALLEL = ChunkPool.IN_FLIGHT;

  @ParameterizedTest
  @ValueSource(ints = {0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK, 3 * 1024 * 1024 + 7})
  void roundTripsAtChunkBoundaries(int size) throws IOException {
    byte[] plain = pattern(size);
    byte[] sequential = seal(plain, 1, () -> new JdkChunkCipher(KEY), size + 1);
    byte[] parallel = seal(plain, PARALLEL, () -> new JdkChunkCipher(KEY), 1000);
    byte[] bc = seal(plain, PARALLEL, () -> new BcChunkCipher(KEY), 65537);

    int chunks = Math.max(1, (size + CHUNK - 1) / CHUNK);
    assertThat(sequential).hasSize(size + chunks * Payload.TAG_SIZE);
    assertThat(parallel).isEqualTo(sequential);
    assertThat(bc).isEqualTo(sequential);
    for (int inFlight : new int[] {1, PARALLEL}) {
      assertThat(open(sequential, inFlight, () -> new JdkChunkCipher(KEY))).isEqualTo(plain);
      assertThat(open(sequential, inFlight, () -> new BcChunkCipher(KEY))).isEqualTo(plain);
    }
  }

  @Test
  void chunkNoncesAreCounterAndFinalFlag() throws IOException {
    byte[] sealed = seal(pattern(CHUNK + 5), 1, () -> new JdkChunkCipher(KEY), CHUNK + 5);
    byte[] nonce = new byte[12];
    byte[] out = new byte[CHUNK];
    ChunkCipher cipher = new BcChunkCipher(KEY);
    Payload.chunkNonce(0, false, nonce);
    assertThat(cipher.open(nonce, sealed, 0, SEALED, out, 0)).isEqualTo(CHUNK);
    Payload.chunkNonce(1, true, nonce);
    assertThat(nonce).isEqualTo(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1});
    assertThat(cipher.open(nonce, sealed, SEALED, 21, out, 0)).isEqualTo(5);
    Payload.chunkNonce(1, false, nonce);
    assertThat(cipher.open(nonce, sealed, SEALED, 21, out, 0)).isEqualTo(-1);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 2, 3, 6})
  void aDamagedChunkReleasesExactlyThePrecedingChunks(int damaged) throws IOException {
    byte[] sealed = seal(pattern(8 * CHUNK), 1, () -> new JdkChunkCipher(KEY), CHUNK);
    sealed[damaged * SEALED + 100] ^= 1;
    for (int inFlight : new int[] {1, PARALLEL}) {
      Result r = drain(new ByteArrayInputStream(sealed), inFlight);
      assertThat(r.failure).isInstanceOf(AgePayloadException.class).hasMessageContaining("chunk " + damaged);
      assertThat(r.released).isEqualTo(Arrays.copyOf(pattern(8 * CHUNK), damaged * CHUNK));
    }
  }

  @Test
  void truncationAtAChunkBoundaryIsAMissingFinalChunk() throws IOException {
    byte[] sealed = seal(pattern(5 * CHUNK), 1, () -> new JdkChunkCipher(KEY), CHUNK);
    byte[] truncated = Arrays.copyOf(sealed, 4 * SEALED);
    for (int inFlight : new int[] {1, PARALLEL}) {
      Result r = drain(new ByteArrayInputStream(truncated), inFlight);
      assertThat(r.failure).isInstanceOf(AgePayloadException.class).hasMessageContaining("no final chunk");
      assertThat(r.released).hasSize(4 * CHUNK);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 16, SEALED})
  void trailingDataFailsAfterTheFinalPlaintextIsReleased(int extra) throws IOException {
    byte[] plain = pattern(4 * CHUNK);
    byte[] sealed = seal(plain, 1, () -> new JdkChunkCipher(KEY), CHUNK);
    byte[] withTrailer = Arrays.copyOf(sealed, sealed.length + extra);
    for (int inFlight : new int[] {1, PARALLEL}) {
      Result r = drain(new ByteArrayInputStream(withTrailer), inFlight);
      assertThat(r.failure).isInstanceOf(AgePayloadException.class).hasMessageContaining("trailing data");
      assertThat(r.released).isEqualTo(plain);
    }
  }

  @Test
  void aSourceErrorSurfacesInOrderWithTheSamePrefix() throws IOException {
    byte[] sealed = seal(pattern(10 * CHUNK), 1, () -> new JdkChunkCipher(KEY), CHUNK);
    for (int inFlight : new int[] {1, PARALLEL}) {
      InputStream failing = new FailingAfter(sealed, 6 * SEALED + 10);
      Result r = drain(failing, inFlight);
      assertThat(r.failure).isInstanceOf(IOException.class).hasMessage("disk on fire");
      assertThat(r.released).hasSize(6 * CHUNK);
    }
  }

  @Test
  void largeReadsAreFilledAcrossChunks() throws IOException {
    byte[] plain = pattern(5 * CHUNK + 3);
    byte[] sealed = seal(plain, 1, () -> new JdkChunkCipher(KEY), CHUNK);
    try (InputStream in = new PayloadInputStream(new ByteArrayInputStream(sealed), KEY, PARALLEL)) {
      byte[] buf = new byte[8 * CHUNK];
      assertThat(in.read(buf, 0, buf.length)).isEqualTo(plain.length);
      assertThat(Arrays.copyOf(buf, plain.length)).isEqualTo(plain);
      assertThat(in.read(buf, 0, buf.length)).isEqualTo(-1);
    }
  }

  @Test
  void smallPayloadsStayOnTheCallerThreadLargerOnesUseThePool() throws IOException {
    for (int chunks : new int[] {1, 2, 64}) {
      byte[] sealed = seal(pattern(chunks * CHUNK), 1, () -> new JdkChunkCipher(KEY), CHUNK);
      java.util.Set<String> threads = java.util.concurrent.ConcurrentHashMap.newKeySet();
      Supplier<ChunkCipher> recording = () -> new ChunkCipher() {
        private final ChunkCipher inner = new JdkChunkCipher(KEY);

        @Override
        public int open(byte[] nonce, byte[] in, int inOff, int inLen, byte[] out, int outOff) {
          threads.add(Thread.currentThread().getName());
          giveThePoolAChance(threads);
          return inner.open(nonce, in, inOff, inLen, out, outOff);
        }

        @Override
        public int seal(byte[] nonce, byte[] in, int inOff, int inLen, byte[] out, int outOff) {
          return inner.seal(nonce, in, inOff, inLen, out, outOff);
        }
      };
      assertThat(open(sealed, PARALLEL, recording)).isEqualTo(pattern(chunks * CHUNK));
      String caller = Thread.currentThread().getName();
      if (chunks <= 2) {
        assertThat(threads).containsExactly(caller);
      } else {
        assertThat(threads).contains(caller).anyMatch(t -> t.startsWith("sops4j-age-chunk-"));
      }
    }
  }

  @Test
  void sealingAlsoSharesLargePayloadsWithThePool() throws IOException {
    for (int chunks : new int[] {1, 2, 64}) {
      java.util.Set<String> threads = java.util.concurrent.ConcurrentHashMap.newKeySet();
      Supplier<ChunkCipher> recording = () -> new ChunkCipher() {
        private final ChunkCipher inner = new JdkChunkCipher(KEY);

        @Override
        public int open(byte[] nonce, byte[] in, int inOff, int inLen, byte[] out, int outOff) {
          return inner.open(nonce, in, inOff, inLen, out, outOff);
        }

        @Override
        public int seal(byte[] nonce, byte[] in, int inOff, int inLen, byte[] out, int outOff) {
          threads.add(Thread.currentThread().getName());
          giveThePoolAChance(threads);
          return inner.seal(nonce, in, inOff, inLen, out, outOff);
        }
      };
      byte[] plain = pattern(chunks * CHUNK);
      assertThat(seal(plain, PARALLEL, recording, CHUNK))
          .isEqualTo(seal(plain, 1, () -> new JdkChunkCipher(KEY), CHUNK));
      String caller = Thread.currentThread().getName();
      if (chunks <= 2) {
        assertThat(threads).containsExactly(caller);
      } else {
        assertThat(threads).anyMatch(t -> t.startsWith("sops4j-age-chunk-"));
      }
    }
  }

  /**
   * On a loaded machine the stream's thread may process every chunk before a pool thread is scheduled
   * (by design: it never waits for the pool). The thread-name tests slow the caller's chunks down a
   * little until a pool thread has been seen, so that they check the sharing, not the scheduler.
   */
  private static void giveThePoolAChance(java.util.Set<String> threads) {
    if (threads.stream().noneMatch(t -> t.startsWith("sops4j-age-chunk-"))) {
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** A pool task is asked for only when a few chunks wait, and then keeps going: far fewer hand-offs than chunks. */
  @Test
  void poolHelpersAreAskedForInBatchesNotPerChunk() throws IOException {
    int chunks = 200;
    byte[] plain = pattern(chunks * CHUNK);
    byte[] sealed = seal(plain, 1, () -> new JdkChunkCipher(KEY), CHUNK);
    int opened;
    try (PayloadInputStream in = new PayloadInputStream(new ByteArrayInputStream(sealed), KEY, PARALLEL)) {
      byte[] buf = new byte[CHUNK / 4];
      CRC32 crc = new CRC32();
      for (int n; (n = in.read(buf)) >= 0; ) {
        crc.update(buf, 0, n); // a consumer slower than a plain copy
      }
      opened = in.helperStarts();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PayloadOutputStream enc = new PayloadOutputStream(out, KEY, PARALLEL);
    try (enc) {
      enc.write(plain);
    }
    assertThat(out.toByteArray()).isEqualTo(sealed);
    // with one helper, each request covers at least ChunkPool.wakeAt(PARALLEL) chunks nobody else had claimed
    int bound = ChunkPool.HELPERS == 1 ? (chunks + 1) / ChunkPool.wakeAt(PARALLEL) : chunks / 2;
    assertThat(opened).isBetween(1, bound);
    assertThat(enc.helperStarts()).isBetween(1, bound);
  }

  @Test
  void flushWritesSealedChunksAndHoldsBackTheLastFullOne() throws IOException {
    byte[] plain = pattern(7 * CHUNK + 100);
    byte[] expected = seal(plain, 1, () -> new JdkChunkCipher(KEY), CHUNK);
    for (int inFlight : new int[] {1, PARALLEL}) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (OutputStream enc = new PayloadOutputStream(out, KEY, inFlight)) {
        enc.write(plain, 0, 3 * CHUNK);
        enc.flush();
        assertThat(out.size()).as("inFlight %d", inFlight).isEqualTo(2 * SEALED);
        enc.write(plain, 3 * CHUNK, 4 * CHUNK + 50);
        enc.flush();
        assertThat(out.size()).as("inFlight %d", inFlight).isEqualTo(7 * SEALED);
        enc.write(plain, 7 * CHUNK + 50, 50);
      }
      assertThat(out.toByteArray()).isEqualTo(expected);
    }
  }

  @Test
  void aSinkFailureIsReportedAndSticks() {
    byte[] plain = pattern(4 * PARALLEL * CHUNK); // more than the ring holds, so write() reaches the sink
    for (int inFlight : new int[] {1, PARALLEL}) {
      IOException fire = new IOException("sink on fire");
      OutputStream failing = new OutputStream() {
        private int written;

        @Override
        public void write(int b) throws IOException {
          write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
          if (written + len > 5 * SEALED) {
            throw fire;
          }
          written += len;
        }
      };
      OutputStream enc = new PayloadOutputStream(failing, KEY, inFlight);
      assertThatThrownBy(() -> enc.write(plain)).isSameAs(fire);
      assertThatThrownBy(() -> enc.write(plain, 0, 1)).isSameAs(fire);
      assertThatThrownBy(enc::close).hasMessage("age payload is incomplete: sink on fire").hasCause(fire);
    }
  }

  /** A cipher failing on any thread (here on every chunk from the tenth) fails the stream in order, no hang. */
  @Test
  void anUnexpectedCipherFailureFailsTheStreamInsteadOfHanging() throws IOException {
    byte[] plain = pattern(40 * CHUNK);
    byte[] sealed = seal(plain, 1, () -> new JdkChunkCipher(KEY), CHUNK);
    Supplier<ChunkCipher> breaking = () -> new ChunkCipher() {
      private final ChunkCipher inner = new JdkChunkCipher(KEY);

      @Override
      public int open(byte[] nonce, byte[] in, int inOff, int inLen, byte[] out, int outOff) {
        check(nonce);
        return inner.open(nonce, in, inOff, inLen, out, outOff);
      }

      @Override
      public int seal(byte[] nonce, byte[] in, int inOff, int inLen, byte[] out, int outOff) {
        check(nonce);
        return inner.seal(nonce, in, inOff, inLen, out, outOff);
      }

      private void check(byte[] nonce) {
        if (nonce[10] >= 10) {
          throw new IllegalStateException("cipher broke");
        }
      }
    };
    for (int inFlight : new int[] {1, PARALLEL}) {
      ByteArrayOutputStream released = new ByteArrayOutputStream();
      IOException failure = null;
      try (InputStream in = new PayloadInputStream(new ByteArrayInputStream(sealed), breaking, inFlight)) {
        in.transferTo(released);
      } catch (IOException e) {
        failure = e;
      }
      assertThat(failure).hasMessage("opening chunk 10 failed unexpectedly").hasRootCauseMessage("cipher broke");
      assertThat(released.toByteArray()).isEqualTo(Arrays.copyOf(plain, 10 * CHUNK));

      ByteArrayOutputStream out = new ByteArrayOutputStream();
      assertThatThrownBy(() -> {
        try (OutputStream enc = new PayloadOutputStream(out, breaking, inFlight)) {
          enc.write(plain);
        }
      }).isInstanceOf(IOException.class).hasMessage("sealing chunk 10 failed unexpectedly");
      assertThat(out.toByteArray()).isEqualTo(Arrays.copyOf(sealed, 10 * SEALED));
    }
  }

  @Test
  void parallelByDefaultUnlessTheCipherIsSunJceWithIntrinsics() {
    assertThat(ChunkPool.defaultInFlight("auto", "auto", 17)).isEqualTo(PARALLEL);
    assertThat(ChunkPool.defaultInFlight("auto", "jdk", 17)).isEqualTo(PARALLEL);
    assertThat(ChunkPool.defaultInFlight("auto", "auto", 25)).isEqualTo(1);
    assertThat(ChunkPool.defaultInFlight(" Auto", "jdk", 21)).isEqualTo(1);
    assertThat(ChunkPool.defaultInFlight("auto", "java", 25)).isEqualTo(PARALLEL);
    assertThat(ChunkPool.defaultInFlight("auto", "bc", 25)).isEqualTo(PARALLEL);
    assertThat(ChunkPool.defaultInFlight("true", "auto", 25)).isEqualTo(PARALLEL);
    assertThat(ChunkPool.defaultInFlight("TRUE", "auto", 17)).isEqualTo(PARALLEL);
    assertThat(ChunkPool.defaultInFlight("false", "auto", 17)).isEqualTo(1);
    assertThat(ChunkPool.defaultInFlight("no", "java", 17)).isEqualTo(1);
  }

  /** 256 MiB sealed on the fly and opened in parallel: read-ahead and heap stay bounded. */
  @Test
  void hugeStreamsUseConstantMemory() throws IOException {
    long total = 256L * 1024 * 1024;
    GeneratedPayload source = new GeneratedPayload(total);
    CRC32 crc = new CRC32();
    long released = 0;
    long maxAhead = 0;
    long heapBefore = usedHeapAfterGc();
    long heapGrowth = 0;
    try (InputStream in = new PayloadInputStream(source, KEY, PARALLEL)) {
      byte[] buf = new byte[100_000];
      for (int n; (n = in.read(buf)) >= 0; ) {
        crc.update(buf, 0, n);
        released += n;
        maxAhead = Math.max(maxAhead, source.sealedBytesServed - released);
        if (released >= total / 2 && heapGrowth == 0) {
          heapGrowth = usedHeapAfterGc() - heapBefore;
        }
      }
    }
    assertThat(released).isEqualTo(total);
    assertThat(crc.getValue()).isEqualTo(source.plainCrc.getValue());
    assertThat(maxAhead).as("sealed bytes read ahead of released plaintext")
        .isLessThanOrEqualTo((long) (PARALLEL + 2) * SEALED);
    assertThat(heapGrowth).as("heap growth mid-stream").isLessThan(32L * 1024 * 1024);
  }

  private static long usedHeapAfterGc() {
    Runtime rt = Runtime.getRuntime();
    System.gc();
    return rt.totalMemory() - rt.freeMemory();
  }

  static byte[] pattern(int size) {
    byte[] b = new byte[size];
    for (int i = 0; i < size; i++) {
      b[i] = (byte) (i * 31 + (i >>> 16));
    }
    return b;
  }

  private static byte[] seal(byte[] plain, int inFlight, Supplier<ChunkCipher> ciphers, int writeSize)
      throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OutputStream enc = new PayloadOutputStream(out, ciphers, inFlight)) {
      for (int off = 0; off < plain.length; off += writeSize) {
        enc.write(plain, off, Math.min(writeSize, plain.length - off));
      }
    }
    return out.toByteArray();
  }

  private static byte[] open(byte[] sealed, int inFlight, Supplier<ChunkCipher> ciphers) throws IOException {
    try (InputStream in = new PayloadInputStream(new ByteArrayInputStream(sealed), ciphers, inFlight)) {
      return in.readAllBytes();
    }
  }

  private record Result(byte[] released, IOException failure) {}

  private static Result drain(InputStream source, int inFlight) throws IOException {
    ByteArrayOutputStream released = new ByteArrayOutputStream();
    try (InputStream in = new PayloadInputStream(source, KEY, inFlight)) {
      byte[] buf = new byte[50_000];
      for (int n; (n = in.read(buf)) >= 0; ) {
        released.write(buf, 0, n);
      }
    } catch (IOException e) {
      return new Result(released.toByteArray(), e);
    }
    return new Result(released.toByteArray(), null);
  }

  /** Serves {@code data} and then fails at {@code failAt}. */
  private static final class FailingAfter extends InputStream {
    private final byte[] data;
    private final int failAt;
    private int pos;

    FailingAfter(byte[] data, int failAt) {
      this.data = data;
      this.failAt = failAt;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (pos >= failAt) {
        throw new IOException("disk on fire");
      }
      int n = Math.min(len, failAt - pos);
      System.arraycopy(data, pos, b, off, n);
      pos += n;
      return n;
    }
  }

  /** A sealed payload of {@code total} plaintext bytes produced chunk by chunk as it is read. */
  private static final class GeneratedPayload extends InputStream {
    private final long total;
    private final ChunkCipher cipher = new JdkChunkCipher(KEY);
    private final byte[] plain = new byte[CHUNK];
    private final byte[] sealed = new byte[SEALED];
    private final byte[] nonce = new byte[12];
    private final CRC32 plainCrc = new CRC32();
    private long counter;
    private long produced;
    private int sealedLength;
    private int sealedPos;
    private boolean done;
    long sealedBytesServed;

    GeneratedPayload(long total) {
      this.total = total;
    }

    @Override
    public int read() {
      throw new UnsupportedOperationException();
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (sealedPos == sealedLength) {
        if (done) {
          return -1;
        }
        int n = (int) Math.min(CHUNK, total - produced);
        Arrays.fill(plain, 0, n, (byte) counter);
        plain[0] = (byte) (counter >>> 8);
        plainCrc.update(plain, 0, n);
        produced += n;
        done = produced == total;
        Payload.chunkNonce(counter++, done, nonce);
        sealedLength = cipher.seal(nonce, plain, 0, n, sealed, 0);
        sealedPos = 0;
      }
      int n = Math.min(len, sealedLength - sealedPos);
      System.arraycopy(sealed, sealedPos, b, off, n);
      sealedPos += n;
      sealedBytesServed += n;
      return n;
    }
  }
}
