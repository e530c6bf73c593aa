package dev.sops4j.age;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Encrypts plaintext into an age STREAM payload on {@code sink}. A full 64 KiB chunk is held back
 * until more plaintext arrives (it is then sealed as non-final); {@link #close()} seals what is held
 * (empty only if nothing was written) as the final chunk, then closes the sink. Package-private.
 *
 * <p>Chunks fill a ring of {@code inFlight} slots. With {@code inFlight > 1} full chunks are sealed by
 * a {@link ChunkPool} helper, which keeps taking the next unsealed chunk until none is left, and by
 * the caller's thread whenever it would otherwise wait (see {@link ChunkPool.SharedChunks}); payloads
 * of one or two chunks stay on the caller's thread. Sealed chunks are written to the sink strictly in
 * order from the caller's thread. With {@code inFlight == 1} everything happens on the caller's thread.
 */
final class PayloadOutputStream extends OutputStream {
  /** Chunks that never make the stream ask the pool for help: small payloads stay on the caller. */
  private static final int INLINE_CHUNKS = 2;

  private final OutputStream sink;
  private final Slot[] ring;
  private final ChunkPool.SharedChunks sealer;
  /** The chunk being filled; chunks below it are published to {@link #sealer}. */
  private long nextCounter;
  /** The oldest chunk not yet written to the sink. */
  private long headCounter;
  private Slot filling;
  private IOException failure;
  private boolean closed;
  private final byte[] oneByte = new byte[1];

  PayloadOutputStream(OutputStream sink, byte[] payloadKey, int inFlight) {
    this(sink, ChunkCipher.factory(payloadKey), inFlight);
  }

  PayloadOutputStream(OutputStream sink, Supplier<ChunkCipher> cipherFactory, int inFlight) {
    if (inFlight < 1) {
      throw new IllegalArgumentException("inFlight must be at least 1, got " + inFlight);
    }
    this.sink = Objects.requireNonNull(sink, "sink");
    Objects.requireNonNull(cipherFactory, "cipherFactory");
    this.ring = new Slot[inFlight];
    int helpers = inFlight > 1 ? ChunkPool.HELPERS : 0;
    this.sealer = new ChunkPool.SharedChunks(cipherFactory, helpers, INLINE_CHUNKS, ChunkPool.wakeAt(inFlight)) {
      @Override
      void process(long counter, ChunkCipher cipher) {
        slot(counter).seal(cipher);
      }

      @Override
      boolean isDone(long counter) {
        return slot(counter).done;
      }
    };
    this.filling = freshSlot();
  }

  @Override
  public void write(int b) throws IOException {
    oneByte[0] = (byte) b;
    write(oneByte, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    ensureUsable();
    while (len > 0) {
      if (filling == null) {
        filling = slotToFill();
      }
      if (filling.plainLength == Payload.CHUNK_SIZE) {
        dispatch(false);
        filling = null;
        continue;
      }
      int n = Math.min(len, Payload.CHUNK_SIZE - filling.plainLength);
      System.arraycopy(b, off, filling.plain, filling.plainLength, n);
      filling.plainLength += n;
      off += n;
      len -= n;
    }
  }

  /** Writes every chunk sealed so far; the held-back chunk stays held until more data or close. */
  @Override
  public void flush() throws IOException {
    ensureUsable();
    writeUpTo(nextCounter);
    sink.flush();
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try (sink) {
      if (failure != null) {
        // a new exception: try-with-resources cannot add the one the body threw to itself
        throw new IOException("age payload is incomplete: " + failure.getMessage(), failure);
      }
      dispatch(true);
      writeUpTo(nextCounter);
    } finally {
      sealer.stopAndQuiesce(headCounter);
      for (Slot s : ring) {
        if (s != null) {
          Arrays.fill(s.plain, (byte) 0);
        }
      }
    }
  }

  private void ensureUsable() throws IOException {
    if (closed) {
      throw new IOException("age payload stream is closed");
    }
    if (failure != null) {
      throw failure;
    }
  }

  /** Publishes the filling chunk for sealing, then writes out whatever is sealed at the head. */
  private void dispatch(boolean last) throws IOException {
    filling.counter = nextCounter;
    filling.last = last;
    nextCounter++;
    sealer.publish(nextCounter);
    while (headCounter < nextCounter && sealer.isDone(headCounter)) {
      writeHead();
    }
  }

  /** A free slot for chunk {@link #nextCounter}, writing out (and waiting for) the oldest if the ring is full. */
  private Slot slotToFill() throws IOException {
    if (nextCounter - headCounter >= ring.length) {
      writeUpTo(nextCounter - ring.length + 1);
    }
    return freshSlot();
  }

  private Slot freshSlot() {
    int index = (int) (nextCounter % ring.length);
    Slot slot = ring[index];
    if (slot == null) {
      slot = new Slot();
      ring[index] = slot;
    }
    slot.plainLength = 0;
    slot.sealedLength = 0;
    slot.crash = null;
    slot.done = false;
    return slot;
  }

  /** Writes chunks in order until {@code end} (exclusive), sealing or waiting for each as needed. */
  private void writeUpTo(long end) throws IOException {
    while (headCounter < end) {
      try {
        sealer.await(headCounter);
      } catch (IOException e) {
        failure = e;
        sealer.stop();
        throw e;
      }
      writeHead();
    }
  }

  private void writeHead() throws IOException {
    Slot head = slot(headCounter);
    try {
      if (head.crash != null) {
        throw new IOException("sealing chunk " + headCounter + " failed unexpectedly", head.crash);
      }
      sink.write(head.sealed, 0, head.sealedLength);
    } catch (IOException e) {
      failure = e;
      sealer.stop();
      throw e;
    }
    headCounter++;
  }

  private Slot slot(long counter) {
    return ring[(int) (counter % ring.length)];
  }

  /**
   * One plaintext chunk and its sealed form. The caller's thread fills it before publishing it;
   * whoever seals it writes {@link #done} last.
   */
  private static final class Slot {
    final byte[] plain = new byte[Payload.CHUNK_SIZE];
    final byte[] sealed = new byte[Payload.SEALED_CHUNK_SIZE];
    final byte[] nonce = new byte[Payload.CHUNK_NONCE_SIZE];
    int plainLength;
    int sealedLength;
    long counter;
    boolean last;
    RuntimeException crash;
    volatile boolean done;

    /** Seals {@link #plain} into {@link #sealed}; never throws (a failure is kept in {@link #crash}). */
    void seal(ChunkCipher cipher) {
      try {
        Payload.chunkNonce(counter, last, nonce);
        sealedLength = cipher.seal(nonce, plain, 0, plainLength, sealed, 0);
      } catch (RuntimeException e) {
        crash = e;
      }
      done = true;
    }
  }

  /** How many times this stream asked the pool for a helper (for tests and measurements). */
  int helperStarts() {
    return sealer.helperStarts();
  }
}
