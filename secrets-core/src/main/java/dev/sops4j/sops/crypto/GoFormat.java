package dev.sops4j.sops.crypto;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Go text conversions sops uses for values, so that the plaintext bytes we encrypt and hash are
 * the bytes sops encrypts and hashes: {@code strconv.FormatFloat(f, 'f', -1, 64)}, {@code Itoa},
 * {@code ParseBool}, {@code ParseFloat}, {@code Atoi}, booleans as {@code True}/{@code False},
 * timestamps as RFC3339Nano and {@code lastmodified} re-formatted as RFC3339.
 *
 * <p>Parse methods return empty on bad input; they never put the input into an exception.
 */
public final class GoFormat {
  private static final Pattern DECIMAL_FLOAT =
      Pattern.compile("[+-]?(?:[0-9]+\\.?[0-9]*|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?");
  private static final Pattern HEX_FLOAT = Pattern.compile(
      "[+-]?0[xX](?:[0-9a-fA-F]+\\.?[0-9a-fA-F]*|\\.[0-9a-fA-F]+)[pP][+-]?[0-9]+");
  private static final Pattern SPECIAL_FLOAT =
      Pattern.compile("([+-]?)(?i:(inf|infinity|nan))");
  private static final Pattern INTEGER = Pattern.compile("[+-]?[0-9]+");
  private static final Pattern RFC3339 = Pattern.compile(
      "([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})"
          + "(?:[.,]([0-9]+))?(Z|[+-][0-9]{2}:[0-9]{2})");

  /** Decimal digits that always survive decimal -> double -> decimal (C's DBL_DIG). */
  private static final int MAX_UNIQUE_DIGITS = 15;

  private GoFormat() {}

  /**
   * {@code strconv.FormatFloat(value, 'f', -1, 64)}: the shortest decimal that reads back as the same
   * double, never in exponent form ({@code 1e21} gives {@code 1000000000000000000000}, {@code 1.0}
   * gives {@code 1}, {@code -0.0} gives {@code -0}); {@code NaN}, {@code +Inf}, {@code -Inf} as Go
   * prints them.
   */
  public static String formatFloat(double value) {
    if (Double.isNaN(value)) {
      return "NaN";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "+Inf" : "-Inf";
    }
    if (value == 0) {
      return (Double.doubleToRawLongBits(value) < 0) ? "-0" : "0";
    }
    double abs = Math.abs(value);
    if (abs >= Double.MIN_NORMAL) {
      // Double.toString reads back as the value; with at most 15 significant digits (DBL_DIG) it is
      // also the only decimal of at most 15 digits that does (two such decimals never round to the
      // same normal double), so it is the shortest: no need for the exact search below.
      BigDecimal printed = new BigDecimal(Double.toString(value)).stripTrailingZeros();
      if (printed.precision() <= MAX_UNIQUE_DIGITS) {
        return printed.toPlainString();
      }
    }
    return shortestDecimal(value).stripTrailingZeros().toPlainString();
  }

  /**
   * The decimal with the fewest significant digits that reads back as {@code value} (the closest such
   * decimal when several have that length), signed as {@code value}: the digits of Go's shortest
   * {@code strconv.FormatFloat} in every format ({@code 'f'}, {@code 'e'}, {@code 'G'}).
   *
   * @param value a finite, non-zero double
   */
  public static BigDecimal shortestDecimal(double value) {
    if (value == 0 || !Double.isFinite(value)) {
      throw new IllegalArgumentException("shortest decimal of zero, an infinity or NaN");
    }
    double abs = Math.abs(value);
    BigDecimal exact = new BigDecimal(abs);
    ReadBackInterval interval = ReadBackInterval.of(abs, exact);
    // Double.toString always reads back as value, so its digit count bounds the shortest length
    // (Java 17 sometimes prints a digit too many, or not the closest digits: hence the checks).
    int bound = new BigDecimal(Double.toString(abs)).stripTrailingZeros().precision();
    BigDecimal found = null;
    if (bound > 1 && candidate(exact, interval, bound - 1) == null) {
      found = candidate(exact, interval, bound);
    }
    for (int digits = 1; found == null && digits <= 17; digits++) {
      found = candidate(exact, interval, digits);
    }
    if (found == null) {
      found = exact.round(new MathContext(17, RoundingMode.HALF_EVEN));
    }
    return value < 0 ? found.negate() : found;
  }

  /**
   * The closest decimal with {@code digits} significant digits that reads back as the double, or
   * null. Any such decimal is one of the two neighbours of the exact value at that precision: next to
   * a power of two the interval is lopsided, so the farther neighbour may fit when the nearest does
   * not.
   */
  private static BigDecimal candidate(BigDecimal exact, ReadBackInterval interval, int digits) {
    BigDecimal nearest = exact.round(new MathContext(digits, RoundingMode.HALF_EVEN));
    if (interval.contains(nearest)) {
      return nearest;
    }
    RoundingMode other = nearest.compareTo(exact) < 0 ? RoundingMode.UP : RoundingMode.DOWN;
    BigDecimal otherSide = exact.round(new MathContext(digits, other));
    return interval.contains(otherSide) ? otherSide : null;
  }

  /** The decimals that parse to a positive double: halfway to its neighbours, ends kept when even. */
  private record ReadBackInterval(BigDecimal low, BigDecimal high, boolean inclusive) {
    private static final BigDecimal HALF = new BigDecimal("0.5");

    static ReadBackInterval of(double abs, BigDecimal exact) {
      BigDecimal below = new BigDecimal(Math.nextDown(abs));
      double up = Math.nextUp(abs);
      BigDecimal above = Double.isInfinite(up)
          ? exact.add(exact.subtract(new BigDecimal(Math.nextDown(abs)))) : new BigDecimal(up);
      boolean even = (Double.doubleToRawLongBits(abs) & 1) == 0;
      return new ReadBackInterval(exact.add(below).multiply(HALF), exact.add(above).multiply(HALF), even);
    }

    boolean contains(BigDecimal d) {
      int lo = d.compareTo(low);
      int hi = d.compareTo(high);
      return inclusive ? lo >= 0 && hi <= 0 : lo > 0 && hi < 0;
    }
  }

  /** {@code strconv.Itoa}. */
  public static String formatInt(long value) {
    return Long.toString(value);
  }

  /** Booleans as sops writes them (its Python heritage): {@code True} or {@code False}. */
  public static String formatBool(boolean value) {
    return value ? "True" : "False";
  }

  /**
   * {@code time.Time.MarshalText}: RFC3339 with nanoseconds, trailing zeros of the fraction removed
   * (no fraction when zero), {@code Z} for a zero offset, otherwise {@code ±hh:mm}.
   *
   * @throws IllegalArgumentException when the year is outside 0..9999 (Go refuses to marshal it)
   */
  public static String formatTimeNano(OffsetDateTime time) {
    int year = time.getYear();
    if (year < 0 || year > 9999) {
      throw new IllegalArgumentException("year outside of range [0,9999]");
    }
    return formatTime(time, true);
  }

  /**
   * {@code time.Time.Format(time.RFC3339)}: seconds precision (fraction dropped), {@code Z} for a zero
   * offset, otherwise {@code ±hh:mm}. This is how sops re-formats {@code lastmodified} for the MAC's
   * additional data.
   */
  public static String formatRfc3339(OffsetDateTime time) {
    return formatTime(time, false);
  }

  /**
   * {@code time.Time.Format} with {@code time.RFC3339Nano} ({@code nanos}: fraction without trailing
   * zeros, none when zero) or {@code time.RFC3339} (fraction dropped). Any year is printed as Go does:
   * at least four digits, a minus sign before negative years ({@code -0001}, {@code 10000}).
   */
  public static String formatTime(OffsetDateTime time, boolean nanos) {
    StringBuilder sb = new StringBuilder(35);
    int year = time.getYear();
    sb.append(year < 0 ? "-" : "").append(pad(Math.abs(year), 4)).append('-')
        .append(pad(time.getMonthValue(), 2)).append('-').append(pad(time.getDayOfMonth(), 2))
        .append('T').append(pad(time.getHour(), 2)).append(':').append(pad(time.getMinute(), 2))
        .append(':').append(pad(time.getSecond(), 2));
    int nano = time.getNano();
    if (nanos && nano != 0) {
      String fraction = pad(nano, 9);
      int end = fraction.length();
      while (fraction.charAt(end - 1) == '0') {
        end--;
      }
      sb.append('.').append(fraction, 0, end);
    }
    int seconds = time.getOffset().getTotalSeconds();
    if (seconds == 0) {
      return sb.append('Z').toString();
    }
    int minutes = Math.abs(seconds) / 60;
    return sb.append(seconds < 0 ? '-' : '+').append(pad(minutes / 60, 2)).append(':')
        .append(pad(minutes % 60, 2)).toString();
  }

  private static String pad(int n, int width) {
    String s = Integer.toString(n);
    return s.length() >= width ? s : "0".repeat(width - s.length()) + s;
  }

  /**
   * {@code time.Parse(time.RFC3339, text)} (also what {@code UnmarshalText} accepts): a date, {@code T},
   * a time with an optional fraction of any length (nanoseconds kept), and {@code Z} or {@code ±hh:mm}.
   */
  public static Optional<OffsetDateTime> parseRfc3339(String text) {
    Matcher m = RFC3339.matcher(text);
    if (!m.matches()) {
      return Optional.empty();
    }
    try {
      int nanos = 0;
      String fraction = m.group(7);
      if (fraction != null) {
        String nine = (fraction + "000000000").substring(0, 9);
        nanos = Integer.parseInt(nine);
      }
      ZoneOffset offset = ZoneOffset.UTC;
      String zone = m.group(8);
      if (!zone.equals("Z")) {
        int hours = Integer.parseInt(zone.substring(1, 3));
        int minutes = Integer.parseInt(zone.substring(4, 6));
        if (hours > 23 || minutes > 59) {
          return Optional.empty();
        }
        int total = hours * 3600 + minutes * 60;
        offset = ZoneOffset.ofTotalSeconds(zone.charAt(0) == '-' ? -total : total);
      }
      return Optional.of(OffsetDateTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
          Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)),
          Integer.parseInt(m.group(6)), nanos, offset));
    } catch (DateTimeException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** {@code strconv.ParseBool}: 1, t, T, TRUE, true, True, 0, f, F, FALSE, false, False. */
  public static Optional<Boolean> parseBool(String text) {
    switch (text) {
      case "1", "t", "T", "TRUE", "true", "True":
        return Optional.of(Boolean.TRUE);
      case "0", "f", "F", "FALSE", "false", "False":
        return Optional.of(Boolean.FALSE);
      default:
        return Optional.empty();
    }
  }

  /** {@code strconv.Atoi} on a 64-bit platform: optional sign, ASCII digits, in the range of a long. */
  public static Optional<Long> parseInt(String text) {
    if (!INTEGER.matcher(text).matches()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Long.parseLong(text));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /**
   * {@code strconv.ParseFloat(text, 64)}: decimal and hexadecimal ({@code 0x1p-2}) forms, {@code Inf},
   * {@code Infinity} and {@code NaN} in any case with an optional sign; a finite number too large for
   * a double is an error as in Go.
   */
  public static Optional<Double> parseFloat(String text) {
    Matcher special = SPECIAL_FLOAT.matcher(text);
    if (special.matches()) {
      if (special.group(2).equalsIgnoreCase("nan")) {
        return special.group(1).isEmpty() ? Optional.of(Double.NaN) : Optional.empty();
      }
      return Optional.of(special.group(1).equals("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY);
    }
    if (!DECIMAL_FLOAT.matcher(text).matches() && !HEX_FLOAT.matcher(text).matches()) {
      return Optional.empty();
    }
    double value;
    try {
      value = Double.parseDouble(text);
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
    return Double.isInfinite(value) ? Optional.empty() : Optional.of(value);
  }
}
