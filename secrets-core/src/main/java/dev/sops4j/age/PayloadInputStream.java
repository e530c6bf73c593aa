package dev.sops4j.age;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Decrypts an age STREAM payload (everything after the 16-byte nonce), releasing plaintext only after
 * its chunk authenticates. Package-private.
 *
 * <p>Rules, as the reference applies them: a read of a whole sealed chunk (65552 bytes) is opened
 * with flag 0 and, if that fails, with flag 1 (a final chunk may be full); a shorter read is the final
 * chunk (flag 1), which may be only a tag for an empty payload but not after other chunks; no bytes at
 * all where a chunk is due means the final chunk is missing; after the final chunk the source must end.
 * The final chunk's plaintext is released before a trailing-data error.
 *
 * <p>Reading from the source always happens on the caller's thread, into a ring of {@code inFlight}
 * slots, one sealed chunk each. With {@code inFlight > 1} the ring is read ahead and its chunks are
 * opened by the caller's thread together with a {@link ChunkPool} helper, which keeps taking the next
 * unopened chunk until none is left (see {@link ChunkPool.SharedChunks}); payloads of one or two
 * chunks stay on the caller's thread. Results are consumed strictly in order, so failures and released
 * prefixes are the same as with {@code inFlight == 1}, where every chunk is opened on the caller's
 * thread. Memory is at most {@code inFlight} slots of about 144 KiB, whatever the payload size.
 */
final class PayloadInputStream extends InputStream {
  /** Chunks that never make the stream ask the pool for help: small payloads stay on the caller. */
  private static final int INLINE_CHUNKS = 2;

  private final InputStream source;
  private final Slot[] ring;
  private final ChunkPool.SharedChunks opener;
  /** The next chunk to read from the source; chunks below it are published to {@link #opener}. */
  private long nextCounter;
  /** The oldest chunk still held: {@link #current} when set, else the next to release. */
  private long headCounter;
  private boolean sourceEnded;
  private Slot current;
  private int position;
  private boolean finalReleased;
  private boolean atEnd;
  private IOException failure;
  private boolean closed;
  private final byte[] oneByte = new byte[1];

  /**
   * @param source the sealed chunks
   * @param payloadKey the 32-byte payload key
   * @param inFlight 1 for sequential decryption, more to open chunks in parallel
   */
  PayloadInputStream(InputStream source, byte[] payloadKey, int inFlight) {
    this(source, ChunkCipher.factory(payloadKey), inFlight);
  }

  PayloadInputStream(InputStream source, Supplier<ChunkCipher> cipherFactory, int inFlight) {
    if (inFlight < 1) {
      throw new IllegalArgumentException("inFlight must be at least 1, got " + inFlight);
    }
    this.source = Objects.requireNonNull(source, "source");
    Objects.requireNonNull(cipherFactory, "cipherFactory");
    this.ring = new Slot[inFlight];
    int helpers = inFlight > 1 ? ChunkPool.HELPERS : 0;
    // chunk INLINE_CHUNKS + 1 is read only when the payload has more than INLINE_CHUNKS chunks (a payload
    // ends with an empty read when its final chunk is full)
    this.opener = new ChunkPool.SharedChunks(cipherFactory, helpers, INLINE_CHUNKS + 1, ChunkPool.wakeAt(inFlight)) {
      @Override
      void process(long counter, ChunkCipher cipher) {
        slot(counter).open(cipher);
      }

      @Override
      boolean isDone(long counter) {
        return slot(counter).outcome != null;
      }
    };
  }

  @Override
  public int read() throws IOException {
    int n = read(oneByte, 0, 1);
    return n < 0 ? -1 : oneByte[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    if (closed) {
      throw new IOException("age payload stream is closed");
    }
    if (len == 0) {
      return 0;
    }
    int copied = 0;
    while (copied < len) {
      if (current != null && position < current.plainLength) {
        int n = Math.min(len - copied, current.plainLength - position);
        System.arraycopy(current.plain, position, b, off + copied, n);
        position += n;
        copied += n;
        continue;
      }
      if (atEnd || failure != null) {
        break;
      }
      try {
        advance();
      } catch (InterruptedIOException e) {
        if (copied > 0) {
          break;
        }
        throw e;
      } catch (IOException e) {
        failure = e;
        opener.stop();
      }
    }
    if (copied > 0) {
      return copied;
    }
    if (failure != null) {
      throw failure;
    }
    return -1;
  }

  @Override
  public int available() {
    return current == null ? 0 : current.plainLength - position;
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    opener.stopAndQuiesce(headCounter);
    current = null;
    for (Slot s : ring) {
      if (s != null) {
        Arrays.fill(s.plain, (byte) 0);
      }
    }
    source.close();
  }

  /** Moves to the next authenticated chunk, or to the end; throws the failure due at this point. */
  private void advance() throws IOException {
    if (current != null) {
      current = null;
      headCounter++;
    }
    if (finalReleased) {
      checkEndAfterFinalChunk();
      atEnd = true;
      opener.stop();
      return;
    }
    fill();
    if (headCounter == nextCounter) {
      throw new AgePayloadException("payload ends without a final chunk after chunk " + (nextCounter - 1));
    }
    Slot slot = slot(headCounter);
    opener.await(headCounter);
    switch (slot.outcome) {
      case READ_FAILED:
        throw slot.readError;
      case MISSING:
        throw new AgePayloadException(slot.counter == 0
            ? "payload is empty: no chunk after the nonce"
            : "payload is truncated: no final chunk after chunk " + (slot.counter - 1));
      case EMPTY_FINAL:
        throw new AgePayloadException("final chunk " + slot.counter + " is empty, which only an empty payload may be");
      case BAD_TAG:
        throw new AgePayloadException("chunk " + slot.counter + " failed to authenticate");
      case CRASHED:
        throw new IOException("opening chunk " + slot.counter + " failed unexpectedly", slot.crash);
      case FINAL:
        finalReleased = true;
        current = slot;
        position = 0;
        return;
      case MORE:
        current = slot;
        position = 0;
        return;
      default:
        throw new IllegalStateException("chunk " + slot.counter + " has no outcome");
    }
  }

  /** After the final chunk: the source must be at its end (bytes first, then read errors). */
  private void checkEndAfterFinalChunk() throws IOException {
    fill();
    if (headCounter == nextCounter) {
      return;
    }
    Slot next = slot(headCounter);
    if (next.sealedLength > 0) {
      throw new AgePayloadException("trailing data after the final chunk " + (next.counter - 1));
    }
    if (next.readError != null) {
      throw next.readError;
    }
  }

  /** Reads ahead until the ring is full or the source has ended, publishing each chunk as it is read. */
  private void fill() {
    while (!sourceEnded && nextCounter - headCounter < ring.length) {
      int index = (int) (nextCounter % ring.length);
      Slot slot = ring[index];
      if (slot == null) {
        slot = new Slot();
        ring[index] = slot;
      }
      slot.reset(nextCounter);
      slot.readFrom(source);
      if (slot.readError != null || slot.sealedLength < Payload.SEALED_CHUNK_SIZE) {
        sourceEnded = true;
      }
      nextCounter++;
      opener.publish(nextCounter);
    }
  }

  private Slot slot(long counter) {
    return ring[(int) (counter % ring.length)];
  }

  /** What opening one slot gave. */
  private enum Outcome { MORE, FINAL, BAD_TAG, EMPTY_FINAL, MISSING, READ_FAILED, CRASHED }

  /**
   * One sealed chunk read from the source and, once opened, its plaintext. The caller's thread fills
   * it before publishing it; whoever opens it writes {@link #outcome} last.
   */
  private static final class Slot {
    final byte[] sealed = new byte[Payload.SEALED_CHUNK_SIZE];
    final byte[] plain = new byte[Payload.CHUNK_SIZE];
    final byte[] nonce = new byte[Payload.CHUNK_NONCE_SIZE];
    long counter;
    int sealedLength;
    IOException readError;
    int plainLength;
    RuntimeException crash;
    volatile Outcome outcome;

    void reset(long counter) {
      this.counter = counter;
      sealedLength = 0;
      readError = null;
      plainLength = 0;
      crash = null;
      outcome = null;
    }

    /** Reads up to a whole sealed chunk; keeps the count read before an error. */
    void readFrom(InputStream in) {
      try {
        while (sealedLength < sealed.length) {
          int n = in.read(sealed, sealedLength, sealed.length - sealedLength);
          if (n < 0) {
            return;
          }
          sealedLength += n;
        }
      } catch (IOException e) {
        readError = e;
      }
    }

    /** Decides this chunk's outcome and, when it authenticates, fills {@link #plain}; never throws. */
    void open(ChunkCipher cipher) {
      Outcome result;
      try {
        result = decide(cipher);
      } catch (RuntimeException e) {
        crash = e;
        result = Outcome.CRASHED;
      }
      outcome = result;
    }

    private Outcome decide(ChunkCipher cipher) {
      if (readError != null) {
        return Outcome.READ_FAILED;
      } else if (sealedLength == 0) {
        return Outcome.MISSING;
      } else if (sealedLength < Payload.SEALED_CHUNK_SIZE) {
        if (sealedLength == Payload.TAG_SIZE && counter != 0) {
          return Outcome.EMPTY_FINAL;
        }
        return tryOpen(cipher, true) ? Outcome.FINAL : Outcome.BAD_TAG;
      } else if (tryOpen(cipher, false)) {
        return Outcome.MORE;
      }
      return tryOpen(cipher, true) ? Outcome.FINAL : Outcome.BAD_TAG;
    }

    private boolean tryOpen(ChunkCipher cipher, boolean last) {
      Payload.chunkNonce(counter, last, nonce);
      int n = cipher.open(nonce, sealed, 0, sealedLength, plain, 0);
      plainLength = Math.max(n, 0);
      return n >= 0;
    }
  }

  /** How many times this stream asked the pool for a helper (for tests and measurements). */
  int helperStarts() {
    return opener.helperStarts();
  }
}
