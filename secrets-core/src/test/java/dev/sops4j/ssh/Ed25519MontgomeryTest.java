package dev.sops4j.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.bouncycastle.math.ec.rfc7748.X25519;
import org.junit.jupiter.api.Test;

class Ed25519MontgomeryTest {
  private static final HexFormat HEX = HexFormat.of();

  @Test
  void edwardsBasePointMapsToMontgomeryBasePoint() {
    // edwards25519 base point: y = 4/5, x positive
    byte[] base = HEX.parseHex("5866666666666666666666666666666666666666666666666666666666666666");
    byte[] nine = new byte[32];
    nine[0] = 9;
    assertThat(Ed25519Montgomery.publicKey(base)).isEqualTo(nine);
  }

  @Test
  void signBitOfXDoesNotChangeU() {
    byte[] base = HEX.parseHex("5866666666666666666666666666666666666666666666666666666666666666");
    byte[] negated = base.clone();
    negated[31] |= (byte) 0x80;
    assertThat(Ed25519Montgomery.publicKey(negated)).isEqualTo(Ed25519Montgomery.publicKey(base));
  }

  @Test
  void identityPointMapsToZero() {
    byte[] identity = new byte[32];
    identity[0] = 1;
    assertThat(Ed25519Montgomery.publicKey(identity)).isEqualTo(new byte[32]);
  }

  @Test
  void convertedPublicKeyEqualsX25519OfConvertedScalar() {
    // RFC 8032 test 1 secret key; the two conversions must describe the same X25519 key pair
    byte[] seed = HEX.parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
    byte[] edPublic = Ed25519Montgomery.edwardsPublicKey(seed);
    assertThat(HEX.formatHex(edPublic)).isEqualTo("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
    byte[] viaScalar = new byte[32];
    X25519.scalarMultBase(Ed25519Montgomery.scalar(seed), 0, viaScalar, 0);
    assertThat(Ed25519Montgomery.publicKey(edPublic)).isEqualTo(viaScalar);
  }

  @Test
  void pointValidation() {
    assertThat(Ed25519Montgomery.isValidPoint(
        HEX.parseHex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"))).isTrue();
    // y = 2 is not on the curve (x² would be a non-square)
    byte[] notOnCurve = new byte[32];
    notOnCurve[0] = 2;
    assertThat(Ed25519Montgomery.isValidPoint(notOnCurve)).isFalse();
    assertThat(Ed25519Montgomery.isValidPoint(new byte[31])).isFalse();
  }
}
