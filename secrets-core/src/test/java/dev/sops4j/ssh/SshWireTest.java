package dev.sops4j.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class SshWireTest {
  private static final HexFormat HEX = HexFormat.of();

  @Test
  void mpintsAreEncodedAsRfc4251Examples() {
    // RFC 4251 §5 examples
    assertThat(HEX.formatHex(new SshWireWriter().mpint(BigInteger.ZERO).toByteArray())).isEqualTo("00000000");
    assertThat(HEX.formatHex(new SshWireWriter().mpint(new BigInteger("9a378f9b2e332a7", 16)).toByteArray()))
        .isEqualTo("0000000809a378f9b2e332a7");
    assertThat(HEX.formatHex(new SshWireWriter().mpint(BigInteger.valueOf(0x80)).toByteArray()))
        .isEqualTo("000000020080");
  }

  @Test
  void readsWhatTheWriterWrote() throws SshKeyException {
    byte[] data = new SshWireWriter().uint32(7).string("ssh-rsa").mpint(BigInteger.valueOf(65537))
        .string(new byte[] {1, 2, 3}).toByteArray();
    SshWireReader r = new SshWireReader(data, "test");
    assertThat(r.readUint32("n")).isEqualTo(7);
    assertThat(r.readText("type")).isEqualTo("ssh-rsa");
    assertThat(r.readMpint("e")).isEqualTo(BigInteger.valueOf(65537));
    assertThat(r.readString("blob")).containsExactly(1, 2, 3);
    r.expectEnd("the test data");
  }

  @Test
  void lengthBeyondTheDataIsAnErrorNamingSourceAndField() {
    byte[] data = HEX.parseHex("0000000a414243");
    assertThatThrownBy(() -> new SshWireReader(data, "keyfile").readString("comment"))
        .isInstanceOf(SshKeyException.class)
        .hasMessage("keyfile: truncated comment (needs 10 bytes, 3 left)");
  }

  @Test
  void hugeLengthIsAnError() {
    byte[] data = HEX.parseHex("ffffffff41");
    assertThatThrownBy(() -> new SshWireReader(data, "k").readString("blob"))
        .isInstanceOf(SshKeyException.class).hasMessageContaining("out of range");
  }

  @Test
  void negativeMpintIsRefused() {
    byte[] data = HEX.parseHex("0000000180");
    assertThatThrownBy(() -> new SshWireReader(data, "k").readMpint("modulus"))
        .isInstanceOf(SshKeyException.class).hasMessage("k: modulus is negative");
  }

  @Test
  void trailingBytesAreReported() throws SshKeyException {
    SshWireReader r = new SshWireReader(HEX.parseHex("0000000141ff"), "k");
    r.readString("x");
    assertThatThrownBy(() -> r.expectEnd("the key")).hasMessage("k: 1 unexpected bytes after the key");
  }

  @Test
  void invalidUtf8TextIsRefused() {
    assertThatThrownBy(() -> new SshWireReader(HEX.parseHex("00000001ff"), "k").readText("comment"))
        .isInstanceOf(SshKeyException.class).hasMessage("k: comment is not valid UTF-8");
  }
}
