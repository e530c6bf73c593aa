package dev.sops4j.sops.format;

import dev.sops4j.sops.tree.Scalar;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Scalar typing and printing as go-yaml v3 does it when sops decodes a node into {@code interface{}}
 * (YAML 1.2 core schema plus timestamps; {@code yes}/{@code on} stay strings) and encodes it again.
 * Problems are reported as {@link IllegalArgumentException}s whose message never holds the value.
 */
final class YamlScalars {
  private YamlScalars() {
  }

  static final String TAG_PREFIX = "tag:yaml.org,2002:";

  private static final Pattern YAML_FLOAT =
      Pattern.compile("[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?");
  private static final Pattern DOT_FLOAT = Pattern.compile("\\.[0-9]+([eE][-+]?[0-9]+)?");
  private static final Pattern BASE60_FLOAT =
      Pattern.compile("[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\\.[0-9_]*)?");
  private static final Set<String> OLD_BOOLS = Set.of("y", "Y", "yes", "Yes", "YES", "on", "On", "ON",
      "n", "N", "no", "No", "NO", "off", "Off", "OFF");
  private static final BigInteger UINT64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

  /** An integer that only fits an unsigned 64-bit value: go-yaml gives a uint64 that sops cannot walk. */
  static final class Uint64Exception extends IllegalArgumentException {
    Uint64Exception() {
      super("integer does not fit a signed 64-bit integer (sops cannot handle it)");
    }
  }

  /** The short tag ({@code !!int}) of a tag as the parser reports it, or the tag itself. */
  static String shortTag(String tag) {
    if (tag != null && tag.startsWith(TAG_PREFIX)) {
      return "!!" + tag.substring(TAG_PREFIX.length());
    }
    return tag;
  }

  /**
   * Types one scalar.
   *
   * @param tag the explicit tag, or {@code null} when the scalar has none
   * @param value the scalar text
   * @param plain whether the scalar is plain (unquoted, not a block scalar)
   */
  static Scalar resolve(String tag, String value, boolean plain) {
    String stag = shortTag(tag);
    if (stag == null || stag.isEmpty()) {
      return plain ? resolveImplicit(value, true) : new Scalar.Str(value);
    }
    switch (stag) {
      case "!!str":
        return new Scalar.Str(value);
      case "!!binary":
        return binary(value);
      case "!!bool", "!!int", "!!float", "!!null", "!!timestamp":
        break;
      default:
        // "!" and custom tags: go-yaml keeps the text as a string
        return new Scalar.Str(value);
    }
    Scalar resolved = resolveImplicit(value, stag.equals("!!timestamp"));
    String rtag = tagOf(resolved);
    if (rtag.equals(stag)) {
      return resolved;
    }
    if (stag.equals("!!float") && resolved instanceof Scalar.Int i) {
      return new Scalar.Float(i.value());
    }
    throw new IllegalArgumentException("cannot decode a " + rtag + " scalar as " + stag);
  }

  private static Scalar binary(String value) {
    byte[] raw;
    try {
      raw = Base64.getDecoder().decode(value.replace("\n", "").replace("\r", ""));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("!!binary value contains invalid base64 data");
    }
    try {
      String text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(raw)).toString();
      return new Scalar.Str(text);
    } catch (CharacterCodingException e) {
      return new Scalar.Bytes(raw);
    }
  }

  static String tagOf(Scalar s) {
    if (s instanceof Scalar.Str) {
      return "!!str";
    } else if (s instanceof Scalar.Int) {
      return "!!int";
    } else if (s instanceof Scalar.Float) {
      return "!!float";
    } else if (s instanceof Scalar.Bool) {
      return "!!bool";
    } else if (s instanceof Scalar.Time) {
      return "!!timestamp";
    } else if (s instanceof Scalar.Null) {
      return "!!null";
    }
    return "!!binary";
  }

  /** go-yaml's resolve("", value): the type an untagged plain scalar gets. */
  static Scalar resolveImplicit(String in, boolean timestamps) {
    if (in.isEmpty()) {
      return Scalar.Null.INSTANCE;
    }
    char c = in.charAt(0);
    char hint;
    if (c == '+' || c == '-') {
      hint = 'S';
    } else if (c >= '0' && c <= '9') {
      hint = 'D';
    } else if ("yYnNtTfFoO~".indexOf(c) >= 0) {
      hint = 'M';
    } else if (c == '.') {
      hint = '.';
    } else {
      return new Scalar.Str(in);
    }
    Scalar known = known(in);
    if (known != null) {
      return known;
    }
    if (hint == '.') {
      if (DOT_FLOAT.matcher(in).matches()) {
        double d = Double.parseDouble(in);
        if (!Double.isInfinite(d)) {
          return new Scalar.Float(d);
        }
      }
      return new Scalar.Str(in);
    }
    if (hint == 'M') {
      return new Scalar.Str(in);
    }
    if (timestamps) {
      OffsetDateTime t = YamlTimes.parse(in);
      if (t != null) {
        return new Scalar.Time(t);
      }
    }
    String plain = in.replace("_", "");
    BigInteger big = parseGoInt(plain);
    if (big != null) {
      if (big.bitLength() < 64) {
        return new Scalar.Int(big.longValue());
      }
      if (big.signum() > 0 && big.compareTo(UINT64_MAX) <= 0 && plain.charAt(0) != '+') {
        throw new Uint64Exception();
      }
    }
    if (YAML_FLOAT.matcher(plain).matches()) {
      double d = Double.parseDouble(plain);
      if (!Double.isInfinite(d)) {
        return new Scalar.Float(d);
      }
    }
    return new Scalar.Str(in);
  }

  private static Scalar known(String in) {
    switch (in) {
      case "true", "True", "TRUE":
        return new Scalar.Bool(true);
      case "false", "False", "FALSE":
        return new Scalar.Bool(false);
      case "~", "null", "Null", "NULL":
        return Scalar.Null.INSTANCE;
      case ".nan", ".NaN", ".NAN":
        return new Scalar.Float(Double.NaN);
      case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF":
        return new Scalar.Float(Double.POSITIVE_INFINITY);
      case "-.inf", "-.Inf", "-.INF":
        return new Scalar.Float(Double.NEGATIVE_INFINITY);
      default:
        return null;
    }
  }

  /** Go's strconv.ParseInt(s, 0, ...) syntax (sign, 0x/0o/0b/0 prefixes) without range limit; null if invalid. */
  static BigInteger parseGoInt(String s) {
    if (s.isEmpty()) {
      return null;
    }
    boolean negative = false;
    if (s.charAt(0) == '+' || s.charAt(0) == '-') {
      negative = s.charAt(0) == '-';
      s = s.substring(1);
      if (s.isEmpty()) {
        return null;
      }
    }
    int base = 10;
    if (s.charAt(0) == '0') {
      char p = s.length() >= 3 ? Character.toLowerCase(s.charAt(1)) : 0;
      if (p == 'b' || p == 'o' || p == 'x') {
        base = p == 'b' ? 2 : p == 'o' ? 8 : 16;
        s = s.substring(2);
      } else {
        base = 8;
        s = s.substring(1);
      }
    }
    BigInteger n = BigInteger.ZERO;
    BigInteger b = BigInteger.valueOf(base);
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      int d = ch < 128 ? Character.digit(ch, base) : -1;
      if (d < 0) {
        return null;
      }
      n = n.multiply(b).add(BigInteger.valueOf(d));
    }
    return negative ? n.negate() : n;
  }

  /** Whether go-yaml's encoder may print this string unquoted (it would read back as the same string). */
  static boolean canUsePlain(String s) {
    if (!(resolveQuietly(s) instanceof Scalar.Str)) {
      return false;
    }
    return !OLD_BOOLS.contains(s) && !isBase60Float(s);
  }

  private static Scalar resolveQuietly(String s) {
    try {
      return resolveImplicit(s, true);
    } catch (Uint64Exception e) {
      return new Scalar.Int(0);
    }
  }

  private static boolean isBase60Float(String s) {
    if (s.isEmpty()) {
      return false;
    }
    char c = s.charAt(0);
    if (!(c == '+' || c == '-' || (c >= '0' && c <= '9')) || s.indexOf(':') < 0) {
      return false;
    }
    return BASE60_FLOAT.matcher(s).matches();
  }

  /** A float64 as go-yaml prints it: strconv.FormatFloat(v, 'g', -1, 64), with .inf/-.inf/.nan. */
  static String formatFloat(double v) {
    if (Double.isNaN(v)) {
      return ".nan";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? ".inf" : "-.inf";
    }
    boolean negative = v < 0 || (v == 0 && 1 / v < 0);
    String sign = negative ? "-" : "";
    if (v == 0) {
      return sign + "0";
    }
    BigDecimal exact = new BigDecimal(Math.abs(v));
    BigDecimal shortest = exact;
    for (int p = 1; p <= 17; p++) {
      BigDecimal r = exact.round(new MathContext(p, RoundingMode.HALF_EVEN));
      if (r.doubleValue() == Math.abs(v)) {
        shortest = r;
        break;
      }
    }
    shortest = shortest.stripTrailingZeros();
    String digits = shortest.unscaledValue().toString();
    int nd = digits.length();
    int dp = nd - shortest.scale();
    int exp = dp - 1;
    StringBuilder sb = new StringBuilder(sign);
    if (exp < -4 || exp >= 6) {
      sb.append(digits.charAt(0));
      if (nd > 1) {
        sb.append('.').append(digits, 1, nd);
      }
      sb.append('e').append(exp < 0 ? '-' : '+');
      int e = Math.abs(exp);
      if (e < 10) {
        sb.append('0');
      }
      sb.append(e);
      return sb.toString();
    }
    if (dp <= 0) {
      sb.append("0.");
      sb.append("0".repeat(-dp)).append(digits);
    } else if (dp >= nd) {
      sb.append(digits).append("0".repeat(dp - nd));
    } else {
      sb.append(digits, 0, dp).append('.').append(digits, dp, nd);
    }
    return sb.toString();
  }

}
