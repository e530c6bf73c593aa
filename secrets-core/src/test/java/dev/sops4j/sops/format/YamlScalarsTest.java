package dev.sops4j.sops.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sops4j.sops.tree.Scalar;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Typing of plain scalars as go-yaml v3 decodes them into interface{}, and go-yaml's number and time printing. */
class YamlScalarsTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "\"\"|null", "~|null", "null|null", "Null|null", "NULL|null", "nUll|str",
      "true|bool", "True|bool", "TRUE|bool", "false|bool", "FALSE|bool", "tRue|str",
      "yes|str", "no|str", "on|str", "off|str", "y|str", "n|str",
      "0|int", "42|int", "-17|int", "+5|int", "0x1F|int", "0o17|int", "0b101|int", "0777|int", "1_000|int",
      "-0b11|int", "9223372036854775807|int", "-9223372036854775808|int",
      "1.5|float", "-1.5e3|float", ".5|float", "+.5|float", "1.|float", "08|float", "09.5|float",
      "99999999999999999999999|float", "1e400|str", ".inf|float", "-.Inf|float", "+.INF|float", ".nan|float",
      ".NaN|float", "+.nan|str", "1_0.5|float",
      "2001-12-14|time", "2001-12-14T21:59:43.10-05:00|time", "2001-12-14t21:59:43.10Z|time",
      "2001-12-14 21:59:43.10|time", "2001-12-14 21:59:43.10 -5|str", "2001-13-14|str", "2001-02-30|str",
      "2001-1-2|time", "2001-12-14T21:59:43|str",
      "0x|str", "- x|str", "-|str", "1:20|str", "abc|str", "ENC[AES256_GCM,data:x]|str", "<<|str"})
  void typesPlainScalarsAsGoYamlV3(String text, String type) {
    Scalar s = YamlScalars.resolve(null, text, true);
    String actual = switch (YamlScalars.tagOf(s)) {
      case "!!null" -> "null";
      case "!!bool" -> "bool";
      case "!!int" -> "int";
      case "!!float" -> "float";
      case "!!timestamp" -> "time";
      default -> "str";
    };
    assertThat(actual).as(text).isEqualTo(type);
  }

  @Test
  void valuesOfTypedScalars() {
    assertThat(YamlScalars.resolve(null, "0x1F", true)).isEqualTo(new Scalar.Int(31));
    assertThat(YamlScalars.resolve(null, "0777", true)).isEqualTo(new Scalar.Int(511));
    assertThat(YamlScalars.resolve(null, "08", true)).isEqualTo(new Scalar.Float(8));
    assertThat(YamlScalars.resolve(null, "1_000", true)).isEqualTo(new Scalar.Int(1000));
    assertThat(YamlScalars.resolve(null, "2024-01-01", true))
        .isEqualTo(new Scalar.Time(OffsetDateTime.of(2024, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC)));
    assertThat(YamlScalars.resolve(null, "2006-01-02T15:04:05+07:06", true)).isEqualTo(
        new Scalar.Time(OffsetDateTime.of(2006, 1, 2, 15, 4, 5, 0, ZoneOffset.ofHoursMinutes(7, 6))));
    assertThat(YamlScalars.resolve(null, "2001-12-14t21:59:43.10-05:00", true)).isEqualTo(
        new Scalar.Time(OffsetDateTime.of(2001, 12, 14, 21, 59, 43, 100_000_000, ZoneOffset.ofHours(-5))));
  }

  @Test
  void quotedAndTaggedScalars() {
    assertThat(YamlScalars.resolve(null, "42", false)).isEqualTo(new Scalar.Str("42"));
    assertThat(YamlScalars.resolve("tag:yaml.org,2002:str", "42", true)).isEqualTo(new Scalar.Str("42"));
    assertThat(YamlScalars.resolve("tag:yaml.org,2002:int", "42", false)).isEqualTo(new Scalar.Int(42));
    assertThat(YamlScalars.resolve("tag:yaml.org,2002:float", "42", true)).isEqualTo(new Scalar.Float(42));
    assertThat(YamlScalars.resolve("tag:yaml.org,2002:binary", "aGVsbG8=", true)).isEqualTo(new Scalar.Str("hello"));
    assertThat(YamlScalars.resolve("tag:yaml.org,2002:binary", "/w==", true)).isEqualTo(new Scalar.Bytes(new byte[] {-1}));
    assertThat(YamlScalars.resolve("!custom", "42", true)).isEqualTo(new Scalar.Str("42"));
    assertThat(YamlScalars.resolve("!", "true", true)).isEqualTo(new Scalar.Str("true"));
    assertThat(YamlScalars.resolve("tag:yaml.org,2002:timestamp", "2001-01-02", false)).isInstanceOf(Scalar.Time.class);
    assertThatThrownBy(() -> YamlScalars.resolve("tag:yaml.org,2002:int", "s3cr3t-canary", true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cannot decode a !!str scalar as !!int")
        .hasMessageNotContaining("canary");
    assertThatThrownBy(() -> YamlScalars.resolve("tag:yaml.org,2002:bool", "yes", true))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> YamlScalars.resolve(null, "18446744073709551615", true))
        .isInstanceOf(YamlScalars.Uint64Exception.class);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "1234568000, 1.234568e+09", "1.5, 1.5", "100000, 100000", "1000000, 1e+06", "1e21, 1e+21",
      "0.0001, 0.0001", "0.00001, 1e-05", "123456.789, 123456.789", "0.1, 0.1", "-2.5, -2.5",
      "1e100, 1e+100", "5e-324, 5e-324", "1.7976931348623157e308, 1.7976931348623157e+308", "3, 3",
      "0.3, 0.3", "2.675, 2.675", "-0.0, -0", "0, 0"})
  void formatsFloatsAsGoYaml(double value, String expected) {
    assertThat(YamlScalars.formatFloat(value)).isEqualTo(expected);
  }

  @Test
  void formatsSpecialFloatsAndTimes() {
    assertThat(YamlScalars.formatFloat(Double.NaN)).isEqualTo(".nan");
    assertThat(YamlScalars.formatFloat(Double.POSITIVE_INFINITY)).isEqualTo(".inf");
    assertThat(YamlScalars.formatFloat(Double.NEGATIVE_INFINITY)).isEqualTo("-.inf");
    assertThat(YamlTimes.format(OffsetDateTime.of(2024, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC)))
        .isEqualTo("2024-01-01T00:00:00Z");
    assertThat(YamlTimes.format(OffsetDateTime.of(2001, 12, 14, 21, 59, 43, 100_000_000, ZoneOffset.ofHours(-5))))
        .isEqualTo("2001-12-14T21:59:43.1-05:00");
    assertThat(YamlTimes.format(OffsetDateTime.of(2006, 1, 2, 15, 4, 5, 123_456_789, ZoneOffset.ofHoursMinutes(7, 6))))
        .isEqualTo("2006-01-02T15:04:05.123456789+07:06");
  }
}
