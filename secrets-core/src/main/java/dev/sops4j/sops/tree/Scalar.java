package dev.sops4j.sops.tree;

import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Objects;

/**
 * A typed leaf value, one per SOPS value type ({@code str}, {@code int}, {@code float}, {@code bool},
 * {@code time}, {@code bytes}) plus null. Values may be secrets: {@code toString} prints the type only.
 */
public sealed interface Scalar extends Node {

  /** The SOPS type name written in {@code ENC[…,type:…]}; {@code null} for {@link Null}. */
  String sopsType();

  record Str(String value) implements Scalar {
    public Str {
      Objects.requireNonNull(value, "value");
    }

    @Override
    public String sopsType() {
      return "str";
    }

    @Override
    public String toString() {
      return "Str[" + value.length() + " chars]";
    }
  }

  record Int(long value) implements Scalar {
    @Override
    public String sopsType() {
      return "int";
    }

    @Override
    public String toString() {
      return "Int[redacted]";
    }
  }

  record Float(double value) implements Scalar {
    @Override
    public String sopsType() {
      return "float";
    }

    @Override
    public String toString() {
      return "Float[redacted]";
    }
  }

  record Bool(boolean value) implements Scalar {
    @Override
    public String sopsType() {
      return "bool";
    }

    @Override
    public String toString() {
      return "Bool[redacted]";
    }
  }

  /** A timestamp (unquoted YAML timestamps); hashed and encrypted as Go's RFC3339Nano text. */
  record Time(OffsetDateTime value) implements Scalar {
    public Time {
      Objects.requireNonNull(value, "value");
    }

    @Override
    public String sopsType() {
      return "time";
    }

    @Override
    public String toString() {
      return "Time[redacted]";
    }
  }

  /** Raw bytes ({@code type:bytes}, and the binary store's payload). */
  record Bytes(byte[] value) implements Scalar {
    public Bytes {
      value = value.clone();
    }

    @Override
    public byte[] value() {
      return value.clone();
    }

    @Override
    public String sopsType() {
      return "bytes";
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Bytes b && Arrays.equals(value, b.value);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(value);
    }

    @Override
    public String toString() {
      return "Bytes[" + value.length + " bytes]";
    }
  }

  /** YAML/JSON null: never encrypted, never in the MAC. */
  record Null() implements Scalar {
    public static final Null INSTANCE = new Null();

    @Override
    public String sopsType() {
      return null;
    }

    @Override
    public String toString() {
      return "Null";
    }
  }
}
