package dev.sops4j.age;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Writes an ASCII-armored age file: the BEGIN line, the bytes written as padded base64 wrapped at 64
 * columns with LF line ends, then the END line and a final LF. {@link #close()} writes the END line
 * and closes the underlying stream. Memory use is constant.
 */
public final class ArmoredOutputStream extends OutputStream {
  private static final byte[] BEGIN_LINE = (ArmoredInputStream.BEGIN + "\n").getBytes(StandardCharsets.US_ASCII);
  private static final byte[] END_LINE = (ArmoredInputStream.END + "\n").getBytes(StandardCharsets.US_ASCII);
  private static final byte[] ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".getBytes(StandardCharsets.US_ASCII);
  private static final int LINE = ArmoredInputStream.BYTES_PER_LINE;
  private static final int ENCODED_LINE = ArmoredInputStream.COLUMNS + 1;

  private final OutputStream out;
  private final byte[] partial = new byte[LINE];
  private int partialLength;
  private final byte[] encoded = new byte[ENCODED_LINE * 128];
  private int encodedLength;
  private boolean started;
  private boolean closed;

  /** Wraps {@code out}; the BEGIN line is written with the first byte (or on close). */
  public ArmoredOutputStream(OutputStream out) {
    this.out = Objects.requireNonNull(out, "out");
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    ensureOpen();
    start();
    int end = off + len;
    int pos = off;
    if (partialLength > 0) {
      int k = Math.min(LINE - partialLength, len);
      System.arraycopy(b, pos, partial, partialLength, k);
      partialLength += k;
      pos += k;
      if (partialLength == LINE) {
        encodeLine(partial, 0, LINE);
        partialLength = 0;
      }
    }
    while (end - pos >= LINE) {
      encodeLine(b, pos, LINE);
      pos += LINE;
    }
    System.arraycopy(b, pos, partial, partialLength, end - pos);
    partialLength += end - pos;
  }

  /** Writes out every complete line; a partial last line stays buffered until more bytes or close. */
  @Override
  public void flush() throws IOException {
    ensureOpen();
    drain();
    out.flush();
  }

  /** Writes the last line and the END line, then closes the underlying stream. */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      start();
      if (partialLength > 0) {
        encodeLine(partial, 0, partialLength);
        partialLength = 0;
      }
      drain();
      out.write(END_LINE);
      out.flush();
    } finally {
      out.close();
    }
  }

  private void start() throws IOException {
    if (!started) {
      started = true;
      out.write(BEGIN_LINE);
    }
  }

  private void ensureOpen() throws IOException {
    if (closed) {
      throw new IOException("stream closed");
    }
  }

  /** Appends one line (at most 48 bytes, padded base64 when shorter) and its LF. */
  private void encodeLine(byte[] src, int off, int len) throws IOException {
    if (encoded.length - encodedLength < ENCODED_LINE) {
      drain();
    }
    byte[] e = encoded;
    int o = encodedLength;
    int i = off;
    int end = off + len;
    for (; end - i >= 3; i += 3) {
      int v = ((src[i] & 0xff) << 16) | ((src[i + 1] & 0xff) << 8) | (src[i + 2] & 0xff);
      e[o++] = ALPHABET[v >>> 18];
      e[o++] = ALPHABET[(v >>> 12) & 63];
      e[o++] = ALPHABET[(v >>> 6) & 63];
      e[o++] = ALPHABET[v & 63];
    }
    int rest = end - i;
    if (rest > 0) {
      int v = (src[i] & 0xff) << 16;
      if (rest == 2) {
        v |= (src[i + 1] & 0xff) << 8;
      }
      e[o++] = ALPHABET[v >>> 18];
      e[o++] = ALPHABET[(v >>> 12) & 63];
      e[o++] = rest == 2 ? ALPHABET[(v >>> 6) & 63] : (byte) '=';
      e[o++] = '=';
    }
    e[o++] = '\n';
    encodedLength = o;
  }

  private void drain() throws IOException {
    if (encodedLength > 0) {
      out.write(encoded, 0, encodedLength);
      encodedLength = 0;
    }
  }
}
