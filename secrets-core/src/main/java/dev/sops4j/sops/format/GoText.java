package dev.sops4j.sops.format;

import dev.sops4j.sops.tree.Comment;
import dev.sops4j.sops.tree.Node;
import dev.sops4j.sops.tree.Scalar;
import dev.sops4j.sops.crypto.GoFormat;
import java.math.BigDecimal;
import java.time.OffsetDateTime;

/**
 * Go's text formatting of scalars as the sops stores print them: {@code strconv.FormatFloat} with
 * shortest precision ({@code 'f'}, {@code 'e'}, {@code 'G'}), sops' {@code ValToString}, RFC 3339
 * timestamps, and Go's {@code unicode.IsSpace} / {@code strings.TrimSpace}.
 *
 * <p>The shortest float digits and the timestamps come from {@link GoFormat}, the one implementation
 * of Go's number and time text that the crypto layer also uses; this class lays them out.
 */
final class GoText {
  private GoText() {
  }

  /** The shortest decimal digits of a finite double: value = 0.{@code digits} × 10^{@code point}. */
  record Digits(String digits, int point) {
  }

  /** Shortest digits that parse back to {@code |v|}; the closest such digits when several exist. */
  static Digits shortest(double v) {
    double a = Math.abs(v);
    if (a == 0) {
      return new Digits("", 0);
    }
    BigDecimal stripped = GoFormat.shortestDecimal(a).stripTrailingZeros();
    String digits = stripped.unscaledValue().toString();
    return new Digits(digits, digits.length() - stripped.scale());
  }

  /** {@code strconv.FormatFloat(v, 'f', -1, 64)}: shortest digits, never an exponent. */
  static String formatFloatF(double v) {
    return sign(v) + fixed(shortest(v));
  }

  /** {@code strconv.FormatFloat(v, 'e' or 'E', -1, 64)}: shortest digits, exponent of at least two digits. */
  static String formatFloatE(double v, char e) {
    return sign(v) + exponential(shortest(v), e);
  }

  /** {@code strconv.FormatFloat(v, 'G', -1, 64)}: exponent form when the exponent is below -4 or at least 6. */
  static String formatFloatG(double v) {
    Digits d = shortest(v);
    int exp = d.point() - 1;
    if (!d.digits().isEmpty() && (exp < -4 || exp >= 6)) {
      return sign(v) + exponential(d, 'E');
    }
    return sign(v) + fixed(d);
  }

  private static String sign(double v) {
    return (Double.doubleToRawLongBits(v) < 0) ? "-" : "";
  }

  private static String fixed(Digits d) {
    String digits = d.digits();
    int point = d.point();
    StringBuilder sb = new StringBuilder();
    if (point <= 0) {
      sb.append('0');
    } else {
      for (int i = 0; i < point; i++) {
        sb.append(i < digits.length() ? digits.charAt(i) : '0');
      }
    }
    int fraction = Math.max(digits.length() - point, 0);
    if (fraction > 0) {
      sb.append('.');
      for (int i = 0; i < fraction; i++) {
        int j = point + i;
        sb.append(j >= 0 && j < digits.length() ? digits.charAt(j) : '0');
      }
    }
    return sb.toString();
  }

  private static String exponential(Digits d, char e) {
    String digits = d.digits().isEmpty() ? "0" : d.digits();
    int exp = d.digits().isEmpty() ? 0 : d.point() - 1;
    StringBuilder sb = new StringBuilder().append(digits.charAt(0));
    if (digits.length() > 1) {
      sb.append('.').append(digits, 1, digits.length());
    }
    sb.append(e).append(exp < 0 ? '-' : '+');
    int abs = Math.abs(exp);
    if (abs < 10) {
      sb.append('0');
    }
    return sb.append(abs).toString();
  }

  /**
   * sops' {@code stores.ValToString} for a leaf: floats as {@code 'G'} with at least one decimal,
   * bools {@code true}/{@code false}, times RFC 3339, bytes as Go prints a byte slice, null as
   * {@code <nil>}.
   */
  static String valToString(Node value) {
    if (value instanceof Scalar.Str s) {
      return s.value();
    } else if (value instanceof Scalar.Int i) {
      return Long.toString(i.value());
    } else if (value instanceof Scalar.Float f) {
      String g = formatFloatG(f.value());
      if (g.indexOf('.') < 0 && g.indexOf('E') < 0) {
        g = g + ".0";
      }
      return g;
    } else if (value instanceof Scalar.Bool b) {
      return Boolean.toString(b.value());
    } else if (value instanceof Scalar.Time t) {
      return rfc3339(t.value(), false);
    } else if (value instanceof Scalar.Bytes b) {
      StringBuilder sb = new StringBuilder("[");
      byte[] bytes = b.value();
      for (int i = 0; i < bytes.length; i++) {
        sb.append(i == 0 ? "" : " ").append(bytes[i] & 0xff);
      }
      return sb.append(']').toString();
    } else if (value instanceof Scalar.Null) {
      return "<nil>";
    } else if (value instanceof Comment c) {
      return c.text();
    }
    throw new IllegalArgumentException("not a scalar: " + value.getClass().getSimpleName());
  }

  /** Go's {@code time.RFC3339} ({@code nanos=false}) or {@code RFC3339Nano} format. */
  static String rfc3339(OffsetDateTime t, boolean nanos) {
    return GoFormat.formatTime(t, nanos);
  }

  /** Go's {@code unicode.IsSpace}. */
  static boolean isSpace(int cp) {
    switch (cp) {
      case '\t', '\n', 0x0B, '\f', '\r', ' ', 0x85, 0xA0, 0x1680, 0x2028, 0x2029, 0x202F, 0x205F,
          0x3000:
        return true;
      default:
        return cp >= 0x2000 && cp <= 0x200A;
    }
  }

  /** Go's {@code strings.TrimLeftFunc(s, unicode.IsSpace)}. */
  static String trimLeftSpace(String s) {
    int i = 0;
    while (i < s.length() && isSpace(s.codePointAt(i))) {
      i += Character.charCount(s.codePointAt(i));
    }
    return s.substring(i);
  }

  /** Go's {@code strings.TrimSpace}. */
  static String trimSpace(String s) {
    String left = trimLeftSpace(s);
    int end = left.length();
    while (end > 0 && isSpace(left.codePointBefore(end))) {
      end -= Character.charCount(left.codePointBefore(end));
    }
    return left.substring(0, end);
  }
}
