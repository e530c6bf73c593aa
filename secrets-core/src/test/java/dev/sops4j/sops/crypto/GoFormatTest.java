package dev.sops4j.sops.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Go's strconv and time formatting as sops uses them for values, MAC and lastmodified. */
class GoFormatTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "1e21, 1000000000000000000000",
      "0.1, 0.1",
      "1.0, 1",
      "-0.0, -0",
      "0.0, 0",
      "25.4, 25.4",
      "1234568000, 1234568000",
      "0.3, 0.3",
      "100, 100",
      "1.5e-7, 0.00000015",
      "123456789012345680, 123456789012345680",
      "2.0E-3, 0.002",
      // Java 17's Double.toString prints 2.0E-3 fine but not the next ones shortest:
      "2.0E23, 200000000000000000000000",
      "1.0E23, 100000000000000000000000",
      "8.41E21, 8410000000000000000000",
  })
  void formatFloatIsGoShortest(double value, String expected) {
    assertThat(GoFormat.formatFloat(value)).isEqualTo(expected);
  }

  @Test
  void formatFloatSpecialsAndExtremes() {
    assertThat(GoFormat.formatFloat(Double.NaN)).isEqualTo("NaN");
    assertThat(GoFormat.formatFloat(Double.POSITIVE_INFINITY)).isEqualTo("+Inf");
    assertThat(GoFormat.formatFloat(Double.NEGATIVE_INFINITY)).isEqualTo("-Inf");
    assertThat(GoFormat.formatFloat(Double.MIN_VALUE)).isEqualTo("0." + "0".repeat(323) + "5");
    assertThat(GoFormat.formatFloat(Double.MAX_VALUE))
        .isEqualTo("17976931348623157" + "0".repeat(292));
    assertThat(GoFormat.formatFloat(-Double.MAX_VALUE))
        .isEqualTo("-17976931348623157" + "0".repeat(292));
    // What sops does with them: FormatFloat gives NaN/+Inf/-Inf and ParseFloat reads them back.
    assertThat(GoFormat.parseFloat("NaN")).get().matches(d -> Double.isNaN(d));
    assertThat(GoFormat.parseFloat("+Inf")).contains(Double.POSITIVE_INFINITY);
    assertThat(GoFormat.parseFloat("-Inf")).contains(Double.NEGATIVE_INFINITY);
  }

  @Test
  void formatFloatIsShortestAndRoundTripsOnRandomDoubles() {
    Random random = new Random(42);
    for (int i = 0; i < 20_000; i++) {
      double d = Double.longBitsToDouble(random.nextLong());
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        continue;
      }
      String text = GoFormat.formatFloat(d);
      assertThat(text).doesNotContain("E").doesNotContain("e");
      assertThat(Double.parseDouble(text)).isEqualTo(d);
      // Shortest: no decimal with one significant digit fewer reads back as d.
      java.math.BigDecimal bd = new java.math.BigDecimal(text);
      int digits = bd.stripTrailingZeros().precision();
      if (digits > 1) {
        java.math.BigDecimal exact = new java.math.BigDecimal(d);
        for (java.math.RoundingMode mode : new java.math.RoundingMode[] {
            java.math.RoundingMode.UP, java.math.RoundingMode.DOWN}) {
          double shorter = exact.round(new java.math.MathContext(digits - 1, mode)).doubleValue();
          assertThat(shorter).as("%s has a shorter form", text).isNotEqualTo(d);
        }
      }
    }
  }

  @Test
  void formatFloatFastPathAgreesWithTheExactSearch() {
    // formatFloat takes Double.toString's digits when there are at most 15 of them (normal doubles);
    // shortestDecimal always searches exactly: both must print the same on short and long decimals.
    Random random = new Random(20261130L);
    List<Double> values = new java.util.ArrayList<>(List.of(Double.MIN_NORMAL, Math.nextUp(Double.MIN_NORMAL),
        Math.nextDown(Double.MIN_NORMAL), 2.2250738585072014E-308, 2.225073858507201E-308, 1e-310, 5e-324,
        1e21, 1e22, 1e23, 123456789012345.0, 1234567890123456.0, 0.1, 0.3, 1.0 / 3, 9007199254740993.0,
        Double.MAX_VALUE, 1.7976931348623157E308, 4.35, 2.675, 1e15, 999999999999999.9));
    for (int i = 0; i < 30_000; i++) {
      int digits = 1 + random.nextInt(17);
      long mantissa = Math.abs(random.nextLong()) % (long) Math.pow(10, Math.min(digits, 18));
      values.add(Double.parseDouble(mantissa + "e" + (random.nextInt(640) - 330)));
      values.add(Double.longBitsToDouble(random.nextLong()));
    }
    for (double d : values) {
      if (d == 0 || !Double.isFinite(d)) {
        continue;
      }
      for (double v : new double[] {d, -d}) {
        assertThat(GoFormat.formatFloat(v)).as("%s", v)
            .isEqualTo(GoFormat.shortestDecimal(v).stripTrailingZeros().toPlainString());
      }
    }
  }

  @Test
  void formatFloatNearPowersOfTwo() {
    // Powers of two next to lopsided rounding intervals.
    assertThat(GoFormat.formatFloat(Math.pow(2, 63))).isEqualTo("9223372036854776000");
    assertThat(GoFormat.formatFloat(Math.pow(2, -1074))).startsWith("0.000").endsWith("5");
    assertThat(GoFormat.formatFloat(9007199254740993.0)).isEqualTo("9007199254740992");
  }

  @Test
  void integersAndBooleans() {
    assertThat(GoFormat.formatInt(-42)).isEqualTo("-42");
    assertThat(GoFormat.formatInt(Long.MIN_VALUE)).isEqualTo("-9223372036854775808");
    assertThat(GoFormat.formatBool(true)).isEqualTo("True");
    assertThat(GoFormat.formatBool(false)).isEqualTo("False");
    for (String t : new String[] {"1", "t", "T", "TRUE", "true", "True"}) {
      assertThat(GoFormat.parseBool(t)).contains(true);
    }
    for (String f : new String[] {"0", "f", "F", "FALSE", "false", "False"}) {
      assertThat(GoFormat.parseBool(f)).contains(false);
    }
    for (String bad : new String[] {"yes", "on", "tRUE", "", " true", "2"}) {
      assertThat(GoFormat.parseBool(bad)).isEmpty();
    }
    assertThat(GoFormat.parseInt("+7")).contains(7L);
    assertThat(GoFormat.parseInt("-9223372036854775808")).contains(Long.MIN_VALUE);
    assertThat(GoFormat.parseInt("9223372036854775808")).isEmpty();
    assertThat(GoFormat.parseInt("\u0663")).as("non-ASCII digit").isEmpty();
    assertThat(GoFormat.parseInt("1_000")).isEmpty();
    assertThat(GoFormat.parseInt(" 1")).isEmpty();
  }

  @Test
  void parseFloatFollowsGo() {
    assertThat(GoFormat.parseFloat("1e5")).contains(100000.0);
    assertThat(GoFormat.parseFloat(".5")).contains(0.5);
    assertThat(GoFormat.parseFloat("5.")).contains(5.0);
    assertThat(GoFormat.parseFloat("0x1p-2")).contains(0.25);
    assertThat(GoFormat.parseFloat("infinity")).contains(Double.POSITIVE_INFINITY);
    assertThat(GoFormat.parseFloat("1e400")).as("out of range is an error in Go").isEmpty();
    assertThat(GoFormat.parseFloat("1e-400")).contains(0.0);
    for (String bad : new String[] {"1d", "1f", " 1", "1 ", "", "+nan", "0x1", "1e", "--1"}) {
      assertThat(GoFormat.parseFloat(bad)).as(bad).isEmpty();
    }
  }

  @Test
  void timeNanoAndRfc3339() {
    OffsetDateTime utc = OffsetDateTime.of(2024, 1, 2, 3, 4, 5, 120_000_000, ZoneOffset.UTC);
    assertThat(GoFormat.formatTimeNano(utc)).isEqualTo("2024-01-02T03:04:05.12Z");
    assertThat(GoFormat.formatRfc3339(utc)).isEqualTo("2024-01-02T03:04:05Z");
    OffsetDateTime whole = OffsetDateTime.of(2024, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
    assertThat(GoFormat.formatTimeNano(whole)).isEqualTo("2024-01-01T00:00:00Z");
    OffsetDateTime east = OffsetDateTime.of(2021, 9, 30, 21, 49, 41, 1, ZoneOffset.ofHoursMinutes(5, 30));
    assertThat(GoFormat.formatTimeNano(east)).isEqualTo("2021-09-30T21:49:41.000000001+05:30");
    assertThat(GoFormat.formatRfc3339(east)).isEqualTo("2021-09-30T21:49:41+05:30");
    OffsetDateTime west = OffsetDateTime.of(2021, 9, 30, 21, 49, 41, 0, ZoneOffset.ofHours(-7));
    assertThat(GoFormat.formatRfc3339(west)).isEqualTo("2021-09-30T21:49:41-07:00");
    assertThatThrownBy(() -> GoFormat.formatTimeNano(whole.withYear(10000)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void parseRfc3339() {
    assertThat(GoFormat.parseRfc3339("2021-09-30T19:49:41Z"))
        .contains(OffsetDateTime.of(2021, 9, 30, 19, 49, 41, 0, ZoneOffset.UTC));
    assertThat(GoFormat.parseRfc3339("2021-09-30T19:49:41.123456789123+02:00"))
        .contains(OffsetDateTime.of(2021, 9, 30, 19, 49, 41, 123456789, ZoneOffset.ofHours(2)));
    assertThat(GoFormat.parseRfc3339("2021-09-30T19:49:41.5-00:00").map(GoFormat::formatRfc3339))
        .contains("2021-09-30T19:49:41Z");
    for (String bad : new String[] {"2021-09-30", "2021-09-30 19:49:41Z", "2021-02-30T00:00:00Z",
        "2021-09-30T24:00:00Z", "2021-09-30T19:49:41", "2021-09-30T19:49:41+24:00", ""}) {
      assertThat(GoFormat.parseRfc3339(bad)).as(bad).isEqualTo(Optional.empty());
    }
  }
}
