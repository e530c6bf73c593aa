package dev.sops4j.ssh;

import java.math.BigInteger;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Reads the SSH wire format (RFC 4251 §5: uint32, string, mpint) from a byte array, checking every
 * length against what is left. Errors name the source and the field being read.
 */
final class SshWireReader {
  private final byte[] data;
  private final String source;
  private int pos;

  SshWireReader(byte[] data, String source) {
    this.data = data;
    this.source = source;
  }

  int remaining() {
    return data.length - pos;
  }

  /** A uint32 used as a count or length: it must fit in a non-negative int. */
  int readUint32(String field) throws SshKeyException {
    int v = readRawUint32(field);
    if (v < 0) {
      throw error(field + " is out of range");
    }
    return v;
  }

  /** A uint32 as its 32 bits (check-ints, which are random). */
  int readRawUint32(String field) throws SshKeyException {
    byte[] b = readBytes(4, field);
    return ((b[0] & 0xFF) << 24) | ((b[1] & 0xFF) << 16) | ((b[2] & 0xFF) << 8) | (b[3] & 0xFF);
  }

  byte[] readBytes(int n, String field) throws SshKeyException {
    if (n < 0 || n > remaining()) {
      throw error("truncated " + field + " (needs " + n + " bytes, " + remaining() + " left)");
    }
    byte[] out = Arrays.copyOfRange(data, pos, pos + n);
    pos += n;
    return out;
  }

  byte[] readString(String field) throws SshKeyException {
    return readBytes(readUint32(field + " length"), field);
  }

  /** A string holding UTF-8 text (key type names, cipher names, comments). */
  String readText(String field) throws SshKeyException {
    byte[] raw = readString(field);
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(raw))
          .toString();
    } catch (CharacterCodingException e) {
      throw error(field + " is not valid UTF-8");
    }
  }

  /** A non-negative mpint; leading zero bytes are tolerated (the key is re-encoded canonically). */
  BigInteger readMpint(String field) throws SshKeyException {
    byte[] raw = readString(field);
    if (raw.length > 0 && (raw[0] & 0x80) != 0) {
      throw error(field + " is negative");
    }
    return new BigInteger(1, raw);
  }

  void expectEnd(String what) throws SshKeyException {
    if (remaining() != 0) {
      throw error(remaining() + " unexpected bytes after " + what);
    }
  }

  SshKeyException error(String problem) {
    return new SshKeyException(source + ": " + problem);
  }
}
