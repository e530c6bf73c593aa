package dev.sops4j.sops.metadata;

import java.util.Objects;

/**
 * An age master key: {@code enc} is a complete ASCII-armored age file whose payload is the data key.
 *
 * @param recipient the recipient it was encrypted to ({@code age1…}, {@code age1pq1…}, {@code
 *     ssh-ed25519 …}); informational on decrypt
 * @param enc       the armored age file
 */
public record AgeMasterKey(String recipient, String enc) implements MasterKey {
  public AgeMasterKey {
    Objects.requireNonNull(recipient, "recipient");
    Objects.requireNonNull(enc, "enc");
  }

  @Override
  public String type() {
    return "age";
  }

  @Override
  public String description() {
    return recipient;
  }

  @Override
  public String toString() {
    return "AgeMasterKey[" + recipient + "]";
  }
}
