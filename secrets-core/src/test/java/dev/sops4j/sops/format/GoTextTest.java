package dev.sops4j.sops.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sops4j.sops.crypto.GoFormat;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * GoText's float and time layouts on top of GoFormat's one implementation of Go's shortest digits and
 * RFC 3339 text: the layouts agree with each other and with Go's output for known values.
 */
class GoTextTest {

  @Test
  void everyFloatLayoutHasTheShortestDigitsThatReadBack() {
    SplittableRandom random = new SplittableRandom(4);
    for (int i = 0; i < 20_000; i++) {
      double v = Double.longBitsToDouble(random.nextLong());
      if (!Double.isFinite(v) || v == 0) {
        continue;
      }
      String f = GoText.formatFloatF(v);
      String e = GoText.formatFloatE(v, 'e');
      String g = GoText.formatFloatG(v);
      assertThat(Double.parseDouble(f)).as("%s", e).isEqualTo(v);
      assertThat(Double.parseDouble(e)).isEqualTo(v);
      assertThat(Double.parseDouble(g)).isEqualTo(v);
      assertThat(f).isEqualTo(GoFormat.formatFloat(v));
      int digits = new BigDecimal(e.substring(0, e.indexOf('e'))).stripTrailingZeros().precision();
      int javaDigits = new BigDecimal(Double.toString(Math.abs(v))).stripTrailingZeros().precision();
      assertThat(digits).as("%s vs Double.toString", e).isLessThanOrEqualTo(javaDigits);
    }
  }

  @Test
  void floatLayoutsMatchGo() {
    assertThat(GoText.formatFloatG(1e21)).isEqualTo("1E+21");
    assertThat(GoText.formatFloatG(123456.0)).isEqualTo("123456");
    assertThat(GoText.formatFloatG(1234567.0)).isEqualTo("1.234567E+06");
    assertThat(GoText.formatFloatG(0.0001)).isEqualTo("0.0001");
    assertThat(GoText.formatFloatG(0.00001)).isEqualTo("1E-05");
    assertThat(GoText.formatFloatE(-5e-324, 'e')).isEqualTo("-5e-324");
    assertThat(GoText.formatFloatF(0.1 + 0.2)).isEqualTo("0.30000000000000004");
    assertThat(GoText.formatFloatF(-0.0)).isEqualTo("-0");
    assertThat(GoText.formatFloatE(Math.pow(2, -44), 'e')).isEqualTo("5.684341886080802e-14");
    assertThat(GoText.formatFloatG(2e23)).isEqualTo("2E+23");
    assertThatThrownBy(() -> GoFormat.shortestDecimal(0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void timesAreLaidOutAsGoFormatsThem() {
    OffsetDateTime t = OffsetDateTime.of(2021, 9, 30, 21, 49, 41, 120_000_000, ZoneOffset.ofHoursMinutes(-3, -30));
    assertThat(GoText.rfc3339(t, true)).isEqualTo("2021-09-30T21:49:41.12-03:30");
    assertThat(GoText.rfc3339(t, false)).isEqualTo("2021-09-30T21:49:41-03:30");
    assertThat(YamlTimes.format(t)).isEqualTo(GoFormat.formatTimeNano(t));
    // Go's Format prints any year (MarshalText refuses those outside 0..9999).
    assertThat(GoText.rfc3339(t.withYear(10000), false)).isEqualTo("10000-09-30T21:49:41-03:30");
    assertThat(YamlTimes.format(t.withYear(-1).withNano(0))).isEqualTo("-0001-09-30T21:49:41-03:30");
    assertThat(GoFormat.formatTime(t.withYear(12), true)).isEqualTo("0012-09-30T21:49:41.12-03:30");
  }
}
