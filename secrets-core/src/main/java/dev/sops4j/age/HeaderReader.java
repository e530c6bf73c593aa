package dev.sops4j.age;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Parses an age header exactly as strictly as the reference: LF-only lines, {@code ->} arg lines of
 * non-empty printable arguments split on single spaces, canonical unpadded base64 body lines of 64
 * columns ended by a shorter (possibly empty) line, and a {@code --- <mac>} line. Reads the source
 * one byte at a time up to and including the MAC line's LF, so the payload starts right after it
 * (give it a buffered stream). Package-private.
 */
final class HeaderReader {
  /** Largest header accepted, against unbounded memory use on hostile input. */
  static final int MAX_HEADER_BYTES = 16 * 1024 * 1024;
  private static final int BYTES_PER_LINE = 48;

  private final InputStream in;
  private final ByteArrayOutputStream raw = new ByteArrayOutputStream(512);
  private final ByteArrayOutputStream lineBytes = new ByteArrayOutputStream(128);
  private int lineNumber;

  private HeaderReader(InputStream in) {
    this.in = in;
  }

  /** Reads and parses one header from {@code in}; throws {@link AgeHeaderException} on any deviation. */
  static Header read(InputStream in) throws IOException {
    return new HeaderReader(in).parse();
  }

  private Header parse() throws IOException {
    String first = readLine();
    if (first == null) {
      throw new AgeHeaderException("not an age file: the input is empty");
    }
    if (!first.equals(Header.VERSION_LINE)) {
      throw new AgeHeaderException(first.startsWith("age-encryption.org/")
          ? "unsupported age version or malformed version line (line 1)"
          : "not an age file: line 1 is not the age v1 version line");
    }
    List<Stanza> stanzas = new ArrayList<>();
    while (true) {
      String line = requireLine();
      if (line.startsWith(Header.MAC_PREFIX)) {
        byte[] mac = parseMacLine(line);
        if (stanzas.isEmpty()) {
          throw new AgeHeaderException("invalid header: no recipient stanza before the MAC line");
        }
        byte[] all = raw.toByteArray();
        byte[] macInput = Arrays.copyOf(all, all.length - line.length() - 1 + Header.MAC_PREFIX.length());
        return new Header(stanzas, mac, macInput);
      } else if (line.startsWith(Header.STANZA_PREFIX)) {
        stanzas.add(parseStanza(line));
      } else {
        throw new AgeHeaderException("invalid header: line " + lineNumber
            + " is neither a stanza (->) nor the MAC line (---)");
      }
    }
  }

  private byte[] parseMacLine(String line) throws AgeHeaderException {
    String[] parts = line.split(" ", -1);
    if (!parts[0].equals(Header.MAC_PREFIX) || parts.length != 2) {
      throw new AgeHeaderException("invalid header: malformed MAC line (line " + lineNumber + ")");
    }
    return StrictBase64.decode(parts[1], Header.MAC_SIZE).orElseThrow(() -> new AgeHeaderException(
        "invalid header: the MAC is not canonical base64 of 32 bytes (line " + lineNumber + ")"));
  }

  private Stanza parseStanza(String argLine) throws IOException {
    int argLineNumber = lineNumber;
    String[] parts = argLine.split(" ", -1);
    if (!parts[0].equals(Header.STANZA_PREFIX) || parts.length < 2) {
      throw new AgeHeaderException("invalid header: malformed stanza line " + argLineNumber
          + " (expected '->' and at least one argument)");
    }
    for (int i = 1; i < parts.length; i++) {
      if (!isValidArgument(parts[i])) {
        throw new AgeHeaderException("invalid header: stanza line " + argLineNumber + " has an empty argument"
            + " or one with a byte outside 0x21-0x7E");
      }
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (true) {
      String line = requireLine();
      byte[] chunk = StrictBase64.decode(line).orElseThrow(() -> new AgeHeaderException(
          "invalid header: body line " + lineNumber + " of the stanza at line " + argLineNumber
              + " is not canonical unpadded base64 (a body must end with a short, possibly empty, line)"));
      if (chunk.length > BYTES_PER_LINE) {
        throw new AgeHeaderException("invalid header: body line " + lineNumber + " is longer than 64 columns");
      }
      body.write(chunk, 0, chunk.length);
      if (chunk.length < BYTES_PER_LINE) {
        break;
      }
    }
    String type = parts[1];
    List<String> args = Arrays.asList(parts).subList(2, parts.length);
    return new Stanza(type, args, body.toByteArray());
  }

  private static boolean isValidArgument(String arg) {
    if (arg.isEmpty()) {
      return false;
    }
    for (int i = 0; i < arg.length(); i++) {
      char c = arg.charAt(i);
      if (c < 0x21 || c > 0x7e) {
        return false;
      }
    }
    return true;
  }

  private String requireLine() throws IOException {
    String line = readLine();
    if (line == null) {
      throw new AgeHeaderException("invalid header: the input ends before the MAC line");
    }
    return line;
  }

  /** The next line without its LF (each byte one char), or null when the input ends at a line start. */
  private String readLine() throws IOException {
    lineBytes.reset();
    while (true) {
      int b = in.read();
      if (b < 0) {
        if (lineBytes.size() == 0) {
          return null;
        }
        throw new AgeHeaderException("invalid header: the input ends inside line " + (lineNumber + 1)
            + " (every header line must end with LF)");
      }
      if (raw.size() >= MAX_HEADER_BYTES) {
        throw new AgeHeaderException("invalid header: longer than " + MAX_HEADER_BYTES + " bytes");
      }
      raw.write(b);
      if (b == '\n') {
        lineNumber++;
        return lineBytes.toString(StandardCharsets.ISO_8859_1);
      }
      lineBytes.write(b);
    }
  }
}
