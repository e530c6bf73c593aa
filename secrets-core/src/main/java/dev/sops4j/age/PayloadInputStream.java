package dev.sops4j.age;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
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
 * <p>Reading from the source always happens on the caller's thread, one sealed chunk per slot. With
 * {@code inFlight > 1} up to that many slots are read ahead and chunks from the third on are opened on
 * {@link ChunkPool}; results are consumed strictly in order, so failures and released prefixes are
 * the same as with {@code inFlight == 1}, where every chunk is opened on the caller's thread.
 * Memory is {@code inFlight} slots of about 128 KiB, whatever the payload size.
 */
final class PayloadInputStream extends InputStream {
  /** Chunks opened on the caller's thread before the pool is used: small payloads never use it. */
  private static final int INLINE_CHUNKS = 2;

  private final InputStream source;
  private final Supplier<ChunkCipher> cipherFactory;
  private final ConcurrentLinkedQueue<ChunkCipher> idleCiphers = new ConcurrentLinkedQueue<>();
  private final int inFlight;
  private final ArrayDeque<Slot> pipeline = new ArrayDeque<>();
  private final ArrayDeque<Slot> spare = new ArrayDeque<>();
  private long nextCounter;
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
    this.cipherFactory = Objects.requireNonNull(cipherFactory, "cipherFactory");
    this.inFlight = inFlight;
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
        discardPipeline();
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
    discardPipeline();
    if (current != null) {
      Arrays.fill(current.plain, (byte) 0);
      current = null;
    }
    for (Slot s : spare) {
      Arrays.fill(s.plain, (byte) 0);
    }
    spare.clear();
    source.close();
  }

  /** Moves to the next authenticated chunk, or to the end; throws the failure due at this point. */
  private void advance() throws IOException {
    if (current != null) {
      spare.push(current);
      current = null;
    }
    if (finalReleased) {
      checkEndAfterFinalChunk();
      atEnd = true;
      discardPipeline();
      return;
    }
    fill();
    Slot slot = pipeline.peek();
    if (slot == null) {
      throw new AgePayloadException("payload ends without a final chunk after chunk " + (nextCounter - 1));
    }
    awaitOpened(slot);
    pipeline.poll();
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
    Slot next = pipeline.peek();
    if (next == null) {
      return;
    }
    if (next.sealedLength > 0) {
      throw new AgePayloadException("trailing data after the final chunk " + (next.counter - 1));
    }
    if (next.readError != null) {
      throw next.readError;
    }
  }

  /** Reads ahead until {@code inFlight} slots wait or the source has ended; submits chunks to the pool. */
  private void fill() {
    while (!sourceEnded && pipeline.size() < inFlight) {
      Slot slot = spare.isEmpty() ? new Slot() : spare.pop();
      slot.reset(nextCounter++);
      slot.readFrom(source);
      if (slot.readError != null || slot.sealedLength < Payload.SEALED_CHUNK_SIZE) {
        sourceEnded = true;
      }
      if (inFlight > 1 && slot.counter >= INLINE_CHUNKS && slot.readError == null) {
        slot.task = new FutureTask<>(() -> openSlot(slot), null);
        ChunkPool.executor().execute(slot.task);
      }
      pipeline.add(slot);
    }
  }

  private void openSlot(Slot slot) {
    ChunkCipher cipher = idleCiphers.poll();
    if (cipher == null) {
      cipher = cipherFactory.get();
    }
    try {
      slot.open(cipher);
    } finally {
      idleCiphers.offer(cipher);
    }
  }

  private void awaitOpened(Slot slot) throws IOException {
    if (slot.task == null) {
      if (slot.outcome == null) {
        openSlot(slot);
      }
      return;
    }
    if (!slot.task.isDone()) {
      slot.task.run(); // help: runs it here unless a pool thread already started it
    }
    try {
      slot.task.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for chunk " + slot.counter);
    } catch (ExecutionException e) {
      throw new IOException("opening chunk " + slot.counter + " failed unexpectedly", e.getCause());
    }
  }

  private void discardPipeline() {
    for (Slot s : pipeline) {
      if (s.task != null) {
        s.task.cancel(false);
      }
    }
    pipeline.clear();
  }

  /** What opening one slot gave. */
  private enum Outcome { MORE, FINAL, BAD_TAG, EMPTY_FINAL, MISSING, READ_FAILED }

  /** One sealed chunk read from the source and, once opened, its plaintext. */
  private static final class Slot {
    final byte[] sealed = new byte[Payload.SEALED_CHUNK_SIZE];
    final byte[] plain = new byte[Payload.CHUNK_SIZE];
    final byte[] nonce = new byte[Payload.CHUNK_NONCE_SIZE];
    long counter;
    int sealedLength;
    IOException readError;
    int plainLength;
    volatile Outcome outcome;
    FutureTask<Void> task;

    void reset(long counter) {
      this.counter = counter;
      sealedLength = 0;
      readError = null;
      plainLength = 0;
      outcome = null;
      task = null;
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

    /** Decides this chunk's outcome and, when it authenticates, fills {@link #plain}. */
    void open(ChunkCipher cipher) {
      Outcome result;
      if (readError != null) {
        result = Outcome.READ_FAILED;
      } else if (sealedLength == 0) {
        result = Outcome.MISSING;
      } else if (sealedLength < Payload.SEALED_CHUNK_SIZE) {
        if (sealedLength == Payload.TAG_SIZE && counter != 0) {
          result = Outcome.EMPTY_FINAL;
        } else {
          result = tryOpen(cipher, true) ? Outcome.FINAL : Outcome.BAD_TAG;
        }
      } else if (tryOpen(cipher, false)) {
        result = Outcome.MORE;
      } else {
        result = tryOpen(cipher, true) ? Outcome.FINAL : Outcome.BAD_TAG;
      }
      outcome = result;
    }

    private boolean tryOpen(ChunkCipher cipher, boolean last) {
      Payload.chunkNonce(counter, last, nonce);
      int n = cipher.open(nonce, sealed, 0, sealedLength, plain, 0);
      plainLength = Math.max(n, 0);
      return n >= 0;
    }
  }
}
