package dev.sops4j.sops.format;

import dev.sops4j.sops.crypto.GoFormat;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * YAML timestamps as sops sees them through go-yaml v3: the forms go-yaml resolves (Go's time.Parse
 * with its layouts) and Go's RFC 3339 text with nanoseconds that sops prints, hashes and encrypts.
 */
final class YamlTimes {
  private YamlTimes() {
  }

  /** The timestamp forms go-yaml accepts (RFC 3339 with T or t, space separated without zone, date only). */
  static OffsetDateTime parse(String s) {
    int n = s.length();
    if (n < 5) {
      return null;
    }
    for (int i = 0; i < 4; i++) {
      if (!digit(s, i)) {
        return null;
      }
    }
    if (s.charAt(4) != '-') {
      return null;
    }
    int year = Integer.parseInt(s.substring(0, 4));
    int[] pos = {5};
    int month = num(s, pos);
    if (month < 0 || !expect(s, pos, '-')) {
      return null;
    }
    int day = num(s, pos);
    if (day < 0 || month < 1 || month > 12 || day < 1 || day > LocalDate.of(year, month, 1).lengthOfMonth()) {
      return null;
    }
    if (pos[0] == n) {
      return OffsetDateTime.of(year, month, day, 0, 0, 0, 0, ZoneOffset.UTC);
    }
    char sep = s.charAt(pos[0]++);
    if (sep != 'T' && sep != 't' && sep != ' ') {
      return null;
    }
    int hour = num(s, pos);
    if (hour < 0 || !expect(s, pos, ':')) {
      return null;
    }
    int minute = num(s, pos);
    if (minute < 0 || !expect(s, pos, ':')) {
      return null;
    }
    int second = num(s, pos);
    if (second < 0 || hour >= 24 || minute >= 60 || second >= 60) {
      return null;
    }
    int nanos = 0;
    int p = pos[0];
    if (p + 1 < n && (s.charAt(p) == '.' || s.charAt(p) == ',') && digit(s, p + 1)) {
      int q = p + 1;
      while (q < n && digit(s, q)) {
        q++;
      }
      String frac = s.substring(p + 1, Math.min(q, p + 10));
      nanos = Integer.parseInt((frac + "000000000").substring(0, 9));
      p = q;
    }
    ZoneOffset offset;
    if (sep == ' ') {
      if (p != n) {
        return null;
      }
      offset = ZoneOffset.UTC;
    } else {
      if (p < n && s.charAt(p) == 'Z' && p + 1 == n) {
        offset = ZoneOffset.UTC;
      } else if (p + 6 == n && (s.charAt(p) == '+' || s.charAt(p) == '-') && digit(s, p + 1)
          && digit(s, p + 2) && s.charAt(p + 3) == ':' && digit(s, p + 4) && digit(s, p + 5)) {
        int oh = Integer.parseInt(s.substring(p + 1, p + 3));
        int om = Integer.parseInt(s.substring(p + 4, p + 6));
        int total = oh * 3600 + om * 60;
        if (total > 18 * 3600) {
          return null;
        }
        offset = ZoneOffset.ofTotalSeconds(s.charAt(p) == '-' ? -total : total);
      } else {
        return null;
      }
    }
    return OffsetDateTime.of(year, month, day, hour, minute, second, nanos, offset);
  }

  private static boolean digit(String s, int i) {
    return i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9';
  }

  /** One or two digits, as Go's time.Parse reads non-padded fields. */
  private static int num(String s, int[] pos) {
    int p = pos[0];
    if (!digit(s, p)) {
      return -1;
    }
    int v = s.charAt(p) - '0';
    p++;
    if (digit(s, p)) {
      v = v * 10 + (s.charAt(p) - '0');
      p++;
    }
    pos[0] = p;
    return v;
  }

  private static boolean expect(String s, int[] pos, char c) {
    if (pos[0] < s.length() && s.charAt(pos[0]) == c) {
      pos[0]++;
      return true;
    }
    return false;
  }

  /** Go's time.Time MarshalText / RFC3339Nano: fraction without trailing zeros, Z for UTC. */
  static String format(OffsetDateTime t) {
    return GoFormat.formatTime(t, true);
  }
}
