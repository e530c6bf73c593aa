package dev.sops4j.sops;

import static dev.sops4j.sops.OpsFixture.YAML;
import static dev.sops4j.sops.OpsFixture.encrypt;
import static dev.sops4j.sops.OpsFixture.ring;
import static dev.sops4j.sops.OpsFixture.to;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sops4j.age.X25519Identity;
import dev.sops4j.sops.format.Format;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.junit.jupiter.api.Test;

/** {@link Reencryption}: opening to edit fills the IV stash, opening to read does not. */
class ReencryptionTest {
  private final X25519Identity alice = X25519Identity.generate();

  @Test
  void openForEditingKeepsTheIvOfEveryValueReadingKeepsNone() throws Exception {
    byte[] file = encrypt(YAML, Format.YAML, to(alice));
    try (Reencryption.Opened edit = Reencryption.open(file, "s.yaml", Format.YAML, ring(alice));
        Reencryption.Opened read = Reencryption.read(file, "s.yaml", Format.YAML, ring(alice), true)) {
      assertThat(read.plain()).isEqualTo(edit.plain());
      assertThat(edit.cipher().stash().keeping()).isTrue();
      assertThat(edit.cipher().stash().size()).as("every value and the MAC").isGreaterThan(1);
      assertThat(read.cipher().stash().keeping()).isFalse();
      assertThat(read.cipher().stash().size()).isZero();
      assertThat(Reencryption.write(edit.plain(), Format.YAML, edit.metadata(), edit.cipher(),
          Clock.systemUTC(), "s.yaml")).asString().contains(valueOf(file, "password"));
    }
  }

  private static String valueOf(byte[] file, String key) {
    String text = new String(file, StandardCharsets.UTF_8);
    int at = text.indexOf(key + ": ENC[");
    return text.substring(at, text.indexOf(']', at) + 1);
  }
}
