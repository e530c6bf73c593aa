package dev.sops4j.age;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * Reads the binary content of an ASCII-armored age file ({@code -----BEGIN AGE ENCRYPTED FILE-----}),
 * strictly: up to 1024 bytes of whitespace before the BEGIN line and after the END line, LF or CRLF
 * line ends, every body line exactly 64 columns except the last, each line decoded on its own as
 * padded canonical base64, nothing else. Streams in constant memory. A malformed armor is reported as
 * {@link AgeArmorException} from {@code read}; bytes decoded before the fault are released first.
 */
public final class ArmoredInputStream extends InputStream {
  static final String BEGIN = "-----BEGIN AGE ENCRYPTED FILE-----";
  static final String END = "-----END AGE ENCRYPTED FILE-----";
  static final int COLUMNS = 64;
  static final int BYTES_PER_LINE = 48;
  static final int MAX_WHITESPACE = 1024;

  private static final byte[] BEGIN_BYTES = BEGIN.getBytes(StandardCharsets.US_ASCII);
  private static final byte[] END_BYTES = END.getBytes(StandardCharsets.US_ASCII);
  private static final int MAX_LINE = MAX_WHITESPACE + 2;
  private static final byte[] DECODE = decodeTable();

  private final InputStream in;
  private final byte[] inBuf = new byte[16384];
  private int inPos;
  private int inLimit;
  private boolean inEof;

  private final byte[] line = new byte[MAX_LINE];
  private byte[] lineArray = line;
  private int lineOffset;
  private int lineLength;
  private int lineNumber;

  private final byte[] decoded = new byte[BYTES_PER_LINE];
  private int decodedPos;
  private int decodedLimit;

  private final byte[] one = new byte[1];
  private boolean started;
  private boolean finished;
  private AgeArmorException failure;
  private boolean closed;

  /** Wraps {@code in}; nothing is read until the first {@code read}. */
  public ArmoredInputStream(InputStream in) {
    this.in = Objects.requireNonNull(in, "in");
  }

  @Override
  public int read() throws IOException {
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    ensureOpen();
    if (len == 0) {
      return 0;
    }
    int n = 0;
    try {
      if (!started && failure == null) {
        readBeginLine();
      }
      while (n < len) {
        if (decodedPos < decodedLimit) {
          int k = Math.min(len - n, decodedLimit - decodedPos);
          System.arraycopy(decoded, decodedPos, b, off + n, k);
          decodedPos += k;
          n += k;
          continue;
        }
        if (finished || failure != null) {
          break;
        }
        if (n > 0 && inPos == inLimit && in.available() <= 0) {
          break;
        }
        if (len - n >= BYTES_PER_LINE) {
          n += nextLine(b, off + n);
        } else {
          decodedPos = 0;
          decodedLimit = nextLine(decoded, 0);
        }
      }
    } catch (AgeArmorException e) {
      failure = e;
    }
    if (n > 0) {
      return n;
    }
    if (failure != null) {
      throw failure;
    }
    return -1;
  }

  @Override
  public int available() throws IOException {
    ensureOpen();
    return decodedLimit - decodedPos;
  }

  @Override
  public void close() throws IOException {
    if (!closed) {
      closed = true;
      in.close();
    }
  }

  private void ensureOpen() throws IOException {
    if (closed) {
      throw new IOException("stream closed");
    }
  }

  private void readBeginLine() throws IOException {
    int whitespace = 0;
    while (true) {
      readLine();
      if (isBlank()) {
        whitespace += lineLength + 1;
        if (whitespace > MAX_WHITESPACE) {
          throw fail("more than " + MAX_WHITESPACE + " bytes of whitespace before the BEGIN line");
        }
        continue;
      }
      if (!lineEquals(BEGIN_BYTES)) {
        throw fail("line " + lineNumber + " is not \"" + BEGIN + "\"");
      }
      started = true;
      return;
    }
  }

  /**
   * Reads and decodes the next body line into {@code dst} (room for 48 bytes) and returns the
   * number of bytes; 0 at the END line. After a short line the END line and trailing whitespace are
   * checked.
   */
  private int nextLine(byte[] dst, int dstOff) throws IOException {
    readLine();
    if (lineEquals(END_BYTES)) {
      finish();
      return 0;
    }
    if (lineLength == 0) {
      throw fail("empty line " + lineNumber);
    }
    if (lineLength > COLUMNS) {
      throw fail("line " + lineNumber + " is longer than " + COLUMNS + " columns");
    }
    int n = decodeLine(dst, dstOff);
    if (n < BYTES_PER_LINE) {
      readLine();
      if (!lineEquals(END_BYTES)) {
        throw fail("line " + lineNumber + " is not \"" + END + "\" after the short line " + (lineNumber - 1));
      }
      // The decoded bytes are released before a fault in what follows the END line.
      try {
        finish();
      } catch (AgeArmorException e) {
        failure = e;
      }
    }
    return n;
  }

  /** Decodes the current line as padded canonical base64. */
  private int decodeLine(byte[] dst, int dstOff) throws AgeArmorException {
    if (lineLength % 4 != 0) {
      throw fail("line " + lineNumber + " is not padded base64 (length not a multiple of 4)");
    }
    byte[] line = lineArray;
    int end = lineOffset + lineLength;
    int out = dstOff;
    for (int i = lineOffset; i < end; i += 4) {
      int a = DECODE[line[i] & 0xff];
      int b = DECODE[line[i + 1] & 0xff];
      int c = DECODE[line[i + 2] & 0xff];
      int d = DECODE[line[i + 3] & 0xff];
      boolean last = i + 4 == end;
      if ((a | b | c | d) >= 0) {
        int v = (a << 18) | (b << 12) | (c << 6) | d;
        dst[out++] = (byte) (v >> 16);
        dst[out++] = (byte) (v >> 8);
        dst[out++] = (byte) v;
        continue;
      }
      if (!last || a < 0 || b < 0 || line[i + 3] != '=') {
        throw fail("line " + lineNumber + " has an invalid base64 character");
      }
      if (line[i + 2] == '=') {
        if ((b & 0x0f) != 0) {
          throw fail("line " + lineNumber + " is not canonical base64");
        }
        dst[out++] = (byte) ((a << 2) | (b >> 4));
      } else {
        if (c < 0) {
          throw fail("line " + lineNumber + " has an invalid base64 character");
        }
        if ((c & 0x03) != 0) {
          throw fail("line " + lineNumber + " is not canonical base64");
        }
        int v = (a << 18) | (b << 12) | (c << 6);
        dst[out++] = (byte) (v >> 16);
        dst[out++] = (byte) (v >> 8);
      }
    }
    return out - dstOff;
  }

  /** After the END line: at most 1023 bytes, all whitespace, then end of input. */
  private void finish() throws IOException {
    finished = true;
    int count = 0;
    while (count < MAX_WHITESPACE) {
      if (inPos == inLimit && !fill()) {
        return;
      }
      byte c = inBuf[inPos++];
      count++;
      if (!isWhitespace(c)) {
        throw fail("data after the END line");
      }
    }
    throw fail("more than " + (MAX_WHITESPACE - 1) + " bytes of whitespace after the END line");
  }

  /**
   * Reads one line without its LF and one trailing CR. The line is left in place in the input
   * buffer when it lies there whole, else copied to {@code line}. End of input before any byte is a
   * failure.
   */
  private void readLine() throws IOException {
    lineNumber++;
    if (inPos == inLimit && !fill()) {
      throw fail("unexpected end of input at line " + lineNumber);
    }
    for (int i = inPos; i < inLimit; i++) {
      if (inBuf[i] == '\n') {
        setLine(inBuf, inPos, i - inPos);
        inPos = i + 1;
        return;
      }
    }
    lineLength = 0;
    while (true) {
      if (inPos == inLimit && !fill()) {
        break;
      }
      byte c = inBuf[inPos++];
      if (c == '\n') {
        break;
      }
      if (lineLength == MAX_LINE) {
        throw fail("line " + lineNumber + " is too long");
      }
      line[lineLength++] = c;
    }
    setLine(line, 0, lineLength);
  }

  private void setLine(byte[] array, int offset, int length) throws AgeArmorException {
    if (length > MAX_LINE) {
      throw fail("line " + lineNumber + " is too long");
    }
    if (length > 0 && array[offset + length - 1] == '\r') {
      length--;
    }
    lineArray = array;
    lineOffset = offset;
    lineLength = length;
  }

  private boolean fill() throws IOException {
    if (inEof) {
      return false;
    }
    int n;
    do {
      n = in.read(inBuf, 0, inBuf.length);
    } while (n == 0);
    if (n < 0) {
      inEof = true;
      return false;
    }
    inPos = 0;
    inLimit = n;
    return true;
  }

  private boolean lineEquals(byte[] expected) {
    return Arrays.equals(lineArray, lineOffset, lineOffset + lineLength, expected, 0, expected.length);
  }

  private boolean isBlank() {
    for (int i = lineOffset; i < lineOffset + lineLength; i++) {
      if (!isWhitespace(lineArray[i])) {
        return false;
      }
    }
    return true;
  }

  private static boolean isWhitespace(byte c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x0b || c == '\f';
  }

  private static AgeArmorException fail(String what) {
    return new AgeArmorException("invalid armor: " + what);
  }

  private static byte[] decodeTable() {
    byte[] table = new byte[256];
    Arrays.fill(table, (byte) -1);
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (int i = 0; i < alphabet.length(); i++) {
      table[alphabet.charAt(i)] = (byte) i;
    }
    return table;
  }
}
