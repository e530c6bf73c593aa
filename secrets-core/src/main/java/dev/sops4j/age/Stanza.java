package dev.sops4j.age;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One recipient stanza of an age header: {@code -> type args...} followed by a binary body.
 * Immutable; the body is copied in and out. {@link #toString()} shows the type and argument count only.
 */
public final class Stanza {
  private final String type;
  private final List<String> args;
  private final byte[] body;

  public Stanza(String type, List<String> args, byte[] body) {
    this.type = Objects.requireNonNull(type, "type");
    this.args = List.copyOf(args);
    this.body = body.clone();
  }

  /** The stanza type, the first argument of the arg line (for example {@code X25519}). */
  public String type() {
    return type;
  }

  /** The arguments after the type. */
  public List<String> args() {
    return args;
  }

  /** A copy of the decoded body. */
  public byte[] body() {
    return body.clone();
  }

  int bodyLength() {
    return body.length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Stanza s && s.type.equals(type) && s.args.equals(args) && Arrays.equals(s.body, body);
  }

  @Override
  public int hashCode() {
    return Objects.hash(type, args, Arrays.hashCode(body));
  }

  @Override
  public String toString() {
    return "Stanza[" + type + ", " + args.size() + " args, " + body.length + " body bytes]";
  }
}
