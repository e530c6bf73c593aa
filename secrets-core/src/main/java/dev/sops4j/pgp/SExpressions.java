package dev.sops4j.pgp;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.bouncycastle.gpg.SExpression;

/**
 * Values of BouncyCastle's parse of a gpg-agent S-expression as raw bytes, whatever notation the file
 * used for them (hex {@code #..#}, token, {@code "quoted"} with C escapes, which BouncyCastle leaves
 * escaped), and the canonical encoding gpg-agent authenticates.
 */
final class SExpressions {
  private SExpressions() {}

  /** The bytes of atom {@code index} of {@code list}. */
  static byte[] bytes(SExpression list, int index) {
    return atom(list.getValue(index));
  }

  /** The atom {@code index} of {@code list} as text (labels, counts). */
  static String text(SExpression list, int index) {
    return new String(bytes(list, index), StandardCharsets.ISO_8859_1);
  }

  /** The first sub-list whose first atom is {@code label}, or null. */
  static SExpression child(SExpression list, String label) {
    for (Object v : list.getValues()) {
      if (v instanceof SExpression sub && !sub.getValues().isEmpty() && !(sub.getValue(0) instanceof SExpression)
          && label.equals(text(sub, 0))) {
        return sub;
      }
    }
    return null;
  }

  static byte[] atom(Object value) {
    if (value instanceof byte[] b) {
      return b;
    }
    if (value instanceof SExpression) {
      throw new IllegalArgumentException("a list where an atom was expected");
    }
    if (value instanceof String token) {
      return token.getBytes(StandardCharsets.ISO_8859_1);
    }
    return unquote(value.toString());
  }

  /**
   * The canonical encoding ({@code (len:bytes...)}) of {@code list}, leaving out the sub-list labelled
   * {@code omit} (null: none).
   */
  static byte[] canonical(SExpression list, String omit) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    write(list, omit, out);
    return out.toByteArray();
  }

  private static void write(SExpression list, String omit, ByteArrayOutputStream out) {
    out.write('(');
    for (Object v : list.getValues()) {
      if (v instanceof SExpression sub) {
        if (omit == null || !(sub.getValues().size() > 0 && !(sub.getValue(0) instanceof SExpression)
            && omit.equals(text(sub, 0)))) {
          write(sub, omit, out);
        }
      } else {
        byte[] b = atom(v);
        out.writeBytes((b.length + ":").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(b);
      }
    }
    out.write(')');
  }

  /** Undoes gpg's C-style escapes of a quoted string's inside. */
  static byte[] unquote(String quoted) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int i = 0;
    while (i < quoted.length()) {
      char c = quoted.charAt(i++);
      if (c != '\\') {
        out.write(c);
        continue;
      }
      if (i >= quoted.length()) {
        throw new IllegalArgumentException("a quoted string ends in a backslash");
      }
      char e = quoted.charAt(i++);
      switch (e) {
        case 'b' -> out.write('\b');
        case 't' -> out.write('\t');
        case 'v' -> out.write(0x0b);
        case 'n' -> out.write('\n');
        case 'f' -> out.write('\f');
        case 'r' -> out.write('\r');
        case '"', '\'', '\\' -> out.write(e);
        case 'x' -> {
          out.write(Integer.parseInt(quoted.substring(i, i + 2), 16));
          i += 2;
        }
        case '\n', '\r' -> {
          if (i < quoted.length() && (quoted.charAt(i) == '\n' || quoted.charAt(i) == '\r')
              && quoted.charAt(i) != e) {
            i++;
          }
        }
        default -> {
          if (e < '0' || e > '7') {
            throw new IllegalArgumentException("unknown escape in a quoted string");
          }
          out.write(Integer.parseInt(quoted.substring(i - 1, i + 2), 8));
          i += 2;
        }
      }
    }
    return out.toByteArray();
  }
}
