package dev.sops4j.age;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ScryptTest {
  private static final byte[] PASSWORD = "password".getBytes(StandardCharsets.UTF_8);
  private static final byte[] FILE_KEY = X25519Test.FILE_KEY;

  /** The CCTV "scrypt" vector's stanza (logN 10, passphrase "password"). */
  private static final String SALT = "rF0/NwblUHHTpgQgRpe5CQ";
  private static final byte[] BODY = StrictBase64.decode("gUjEymFKMVXQEKdMMHL24oYexjE3TIC0O0zGSqJ2aUY").orElseThrow();

  private static Stanza stanza(List<String> args, byte[] body) {
    return new Stanza("scrypt", args, body);
  }

  @Test
  void opensTheCctvStanzaWithTheRightPassphrase() throws AgeException {
    ScryptIdentity identity = new ScryptIdentity(PASSWORD);
    assertThat(identity.unwrap(List.of(stanza(List.of(SALT, "10"), BODY)))).hasValue(FILE_KEY);
    assertThat(new ScryptIdentity("Password".getBytes(StandardCharsets.UTF_8))
        .unwrap(List.of(stanza(List.of(SALT, "10"), BODY)))).isEmpty();
  }

  @Test
  void wrongWorkFactorIsNotMine() throws AgeException {
    assertThat(new ScryptIdentity(PASSWORD).unwrap(List.of(stanza(List.of(SALT, "11"), BODY)))).isEmpty();
  }

  @Test
  void wrapThenUnwrap() throws AgeException {
    ScryptRecipient recipient = new ScryptRecipient(PASSWORD).withWorkFactor(10);
    assertThat(recipient.workFactor()).isEqualTo(10);
    List<Stanza> stanzas = recipient.wrap(FILE_KEY);
    assertThat(stanzas).hasSize(1);
    Stanza s = stanzas.get(0);
    assertThat(s.type()).isEqualTo("scrypt");
    assertThat(s.args()).hasSize(2);
    assertThat(StrictBase64.decode(s.args().get(0), 16)).isPresent();
    assertThat(s.args().get(1)).isEqualTo("10");
    assertThat(s.body()).hasSize(32);
    assertThat(new ScryptIdentity(PASSWORD).unwrap(stanzas)).hasValue(FILE_KEY);
    assertThat(new ScryptIdentity("wrong".getBytes(StandardCharsets.UTF_8)).unwrap(stanzas)).isEmpty();
    // A fresh salt every time.
    assertThat(recipient.wrap(FILE_KEY).get(0).args().get(0)).isNotEqualTo(s.args().get(0));
  }

  @Test
  void defaultsAndLimits() {
    assertThat(new ScryptRecipient(PASSWORD).workFactor()).isEqualTo(18);
    assertThat(new ScryptIdentity(PASSWORD).maxWorkFactor()).isEqualTo(22);
    assertThat(new ScryptIdentity(PASSWORD).withMaxWorkFactor(16).maxWorkFactor()).isEqualTo(16);
    assertThatThrownBy(() -> new ScryptRecipient(PASSWORD).withWorkFactor(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ScryptRecipient(PASSWORD).withWorkFactor(31)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ScryptIdentity(PASSWORD).withMaxWorkFactor(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ScryptRecipient(new byte[0])).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void workFactorAboveTheMaximumIsAHeaderFailure() throws AgeException {
    ScryptIdentity identity = new ScryptIdentity(PASSWORD);
    assertThatThrownBy(() -> identity.unwrap(List.of(stanza(List.of(SALT, "23"), BODY))))
        .isInstanceOf(AgeHeaderException.class).hasMessageContaining("maximum of 22");
    assertThatThrownBy(() -> identity.withMaxWorkFactor(9).unwrap(List.of(stanza(List.of(SALT, "10"), BODY))))
        .isInstanceOf(AgeHeaderException.class).hasMessageContaining("maximum of 9");
    assertThat(identity.withMaxWorkFactor(10).unwrap(List.of(stanza(List.of(SALT, "10"), BODY)))).hasValue(FILE_KEY);
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "010", "012", "+10", "-10", "0xa", "a10", "10a", "", " 10", "1.0",
      "99999999999999999999", "4294967306"})
  void workFactorTextMustBeAPlainDecimal(String logN) {
    assertThatThrownBy(() -> new ScryptIdentity(PASSWORD).unwrap(List.of(stanza(List.of(SALT, logN), BODY))))
        .isInstanceOf(AgeHeaderException.class);
  }

  @Test
  void rejectsMalformedStanzas() {
    byte[] salt = StrictBase64.decode(SALT).orElseThrow();
    List<Stanza> bad = List.of(
        stanza(List.of(SALT), BODY),
        stanza(List.of(SALT, "10", "extra"), BODY),
        stanza(List.of(StrictBase64.encode(Arrays.copyOf(salt, 15)), "10"), BODY),
        stanza(List.of(StrictBase64.encode(Arrays.copyOf(salt, 17)), "10"), BODY),
        stanza(List.of(SALT.substring(0, 21) + "D", "10"), BODY),
        stanza(List.of(SALT + "==", "10"), BODY),
        stanza(List.of(SALT, "10"), Arrays.copyOf(BODY, 33)),
        stanza(List.of(SALT, "10"), Arrays.copyOf(BODY, 16)));
    for (Stanza s : bad) {
      assertThatThrownBy(() -> new ScryptIdentity(PASSWORD).unwrap(List.of(s)))
          .as(s.toString() + " " + s.args()).isInstanceOf(AgeHeaderException.class);
    }
  }

  @Test
  void scryptStanzaMustBeAlone() throws AgeException {
    Stanza scrypt = stanza(List.of(SALT, "10"), BODY);
    Stanza x25519 = X25519Identity.generate().recipient().wrap(FILE_KEY).get(0);
    Stanza grease = new Stanza("grease", List.of(), new byte[0]);
    ScryptIdentity identity = new ScryptIdentity(PASSWORD);
    for (List<Stanza> header : List.of(List.of(scrypt, x25519), List.of(x25519, scrypt), List.of(scrypt, scrypt),
        List.of(grease, scrypt))) {
      assertThatThrownBy(() -> identity.unwrap(header)).isInstanceOf(AgeHeaderException.class)
          .hasMessageContaining("only stanza");
    }
    // Without an scrypt stanza the identity simply finds nothing.
    assertThat(identity.unwrap(List.of(x25519, grease))).isEmpty();
  }

  @Test
  void typeIsCaseSensitive() throws AgeException {
    assertThat(new ScryptIdentity(PASSWORD).unwrap(List.of(new Stanza("Scrypt", List.of(SALT, "10"), BODY))))
        .isEmpty();
  }

  @Test
  void neverPrintsThePassphrase() {
    byte[] secret = "correct horse".getBytes(StandardCharsets.UTF_8);
    assertThat(new ScryptRecipient(secret).toString()).doesNotContain("correct").contains("18");
    assertThat(new ScryptIdentity(secret).toString()).doesNotContain("correct").contains("22");
    assertThat(new ScryptIdentity(secret).type()).isEqualTo("scrypt");
    assertThat(new ScryptRecipient(secret).type()).isEqualTo("scrypt");
  }

  @Test
  void copiesThePassphrase() throws AgeException {
    byte[] secret = "password".getBytes(StandardCharsets.UTF_8);
    ScryptIdentity identity = new ScryptIdentity(secret);
    Arrays.fill(secret, (byte) 0);
    assertThat(identity.unwrap(List.of(stanza(List.of(SALT, "10"), BODY)))).hasValue(FILE_KEY);
  }

  static Stream<String> cctvScryptVectors() {
    return CctvVector.stanzaVectorNames("scrypt");
  }

  /** Every CCTV scrypt_* vector, at the stanza level: its stanzas through ScryptIdentity (and X25519 ones). */
  @ParameterizedTest
  @MethodSource("cctvScryptVectors")
  void cctvScryptVector(String name) throws IOException {
    CctvVector.load(name).checkStanzaOutcome();
  }
}
