package dev.sops4j.sops.metadata;

import dev.sops4j.sops.crypto.GoFormat;
import java.time.OffsetDateTime;
import java.util.Objects;

/**
 * The {@code lastmodified} metadata value.
 *
 * @param text the text as stored
 * @param time the parsed time (RFC3339)
 */
public record LastModified(String text, OffsetDateTime time) {
  public LastModified {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(time, "time");
  }

  /** A time as sops writes it ({@code Format(time.RFC3339)}). */
  public static LastModified of(OffsetDateTime time) {
    return new LastModified(GoFormat.formatRfc3339(time), time);
  }

  /** The MAC's additional data: the time re-formatted as RFC3339, seconds precision. */
  public String macAdditionalData() {
    return GoFormat.formatRfc3339(time);
  }
}
