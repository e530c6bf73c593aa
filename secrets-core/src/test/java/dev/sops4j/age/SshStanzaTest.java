package dev.sops4j.age;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sops4j.ssh.OpenSshKeyParser;
import dev.sops4j.ssh.SshEd25519PrivateKey;
import dev.sops4j.ssh.SshEd25519PublicKey;
import dev.sops4j.ssh.SshRsaPrivateKey;
import dev.sops4j.ssh.SshRsaPublicKey;
import dev.sops4j.testsupport.Fixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateCrtKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * age's ssh-ed25519 and ssh-rsa stanzas against the files age 1.1.1 wrote (../shared/fixtures/generated),
 * the ssh-to-age conversion expectations, and every unwrap rule (tag, shape, damaged body).
 */
class SshStanzaTest {
  private static final String CONVERTED_RECIPIENT = "age17044m9wgakla6pzftf4srtl3h5mcsr85jysgt5fg23zpnta8sfdqhzn452";
  private static final String CONVERTED_IDENTITY =
      "AGE-SECRET-KEY-1K3VN4N03PTHJWSJSCCMQCN33RY5FSKQPJ4KRRTG3JMQUYE0TUSEQEDH6V8";

  private static SshEd25519PrivateKey edKey;
  private static SshRsaPrivateKey rsaKey;
  private static byte[] plaintext;

  @BeforeAll
  static void loadKeys() throws Exception {
    edKey = (SshEd25519PrivateKey) OpenSshKeyParser.readPrivateKey(
        Fixtures.path("ssh-to-age/cmd/ssh-to-age/test-assets/id_ed25519"));
    rsaKey = (SshRsaPrivateKey) OpenSshKeyParser.readPrivateKey(Fixtures.path("generated/id_rsa_test"));
    plaintext = Files.readAllBytes(Fixtures.path("generated/plaintext.txt"));
  }

  // ---- files written by age 1.1.1 -------------------------------------------------------------

  @Test
  void ed25519FileFromAgeOpensWithTheSshKey() throws Exception {
    byte[] file = Files.readAllBytes(Fixtures.path("generated/ssh-ed25519.age"));
    ParsedHeader h = ParsedHeader.parse(file);
    assertThat(h.stanzas()).hasSize(1);
    assertThat(h.stanzas().get(0).type()).isEqualTo("ssh-ed25519");
    assertThat(h.stanzas().get(0).args().get(0)).isEqualTo("wEPu5w");

    byte[] fileKey = new SshEd25519Identity(edKey).unwrap(h.stanzas()).orElseThrow();
    assertThat(fileKey).hasSize(16);
    assertThat(h.macVerifies(fileKey)).as("header MAC with the unwrapped file key").isTrue();
    assertThat(Age.decrypt(file, List.of(new SshEd25519Identity(edKey)))).isEqualTo(plaintext);
  }

  @Test
  void rsaFileFromAgeOpensWithTheSshKey() throws Exception {
    byte[] file = Files.readAllBytes(Fixtures.path("generated/ssh-rsa.age"));
    ParsedHeader h = ParsedHeader.parse(file);
    assertThat(h.stanzas()).hasSize(1);
    Stanza s = h.stanzas().get(0);
    assertThat(s.type()).isEqualTo("ssh-rsa");
    assertThat(s.args()).containsExactly("RCdbxQ");
    assertThat(s.body()).hasSize(256);

    byte[] fileKey = new SshRsaIdentity(rsaKey).unwrap(h.stanzas()).orElseThrow();
    assertThat(h.macVerifies(fileKey)).isTrue();
    assertThat(Age.decrypt(file, List.of(new SshRsaIdentity(rsaKey)))).isEqualTo(plaintext);
  }

  @Test
  void identitiesFromPemTextThroughSshKeys() throws Exception {
    Identity ed = SshKeys.parseIdentity(Files.readString(Fixtures.path("ssh-to-age/cmd/ssh-to-age/test-assets/id_ed25519")),
        "id_ed25519");
    Identity rsa = SshKeys.parseIdentity(Files.readString(Fixtures.path("generated/id_rsa_test")), "id_rsa_test");
    assertThat(ed.type()).isEqualTo("ssh-ed25519");
    assertThat(rsa.type()).isEqualTo("ssh-rsa");
    // both identities given: each file opens with the one that matches
    for (String name : List.of("ssh-ed25519.age", "ssh-rsa.age")) {
      byte[] file = Files.readAllBytes(Fixtures.path("generated/" + name));
      assertThat(Age.decrypt(file, List.of(ed, rsa))).as(name).isEqualTo(plaintext);
      assertThat(Age.decrypt(file, List.of(rsa, ed))).as(name).isEqualTo(plaintext);
    }
  }

  @Test
  void convertedKeyAndSshKeyDoNotOpenEachOthersFiles() throws Exception {
    X25519Identity converted = X25519Identity.parse(
        Files.readString(Fixtures.path("generated/ssh-to-age-derived-identity.txt")).strip());
    byte[] sshFile = Files.readAllBytes(Fixtures.path("generated/ssh-ed25519.age"));
    byte[] x25519File = Files.readAllBytes(Fixtures.path("generated/x25519-to-converted-recipient.age"));

    assertThat(Age.decrypt(x25519File, List.of(converted))).isEqualTo(plaintext);
    assertThatThrownBy(() -> Age.decrypt(sshFile, List.of(converted)))
        .isInstanceOf(NoIdentityMatchException.class);
    assertThatThrownBy(() -> Age.decrypt(x25519File, List.of(new SshEd25519Identity(edKey))))
        .isInstanceOf(NoIdentityMatchException.class);
    // the tweak is what separates them: an X25519 stanza made with the same Montgomery key is not ours
    assertThat(new SshEd25519Identity(edKey).unwrap(ParsedHeader.parse(x25519File).stanzas())).isEmpty();
  }

  @Test
  void conversionsEqualSshToAgeOutputs() throws Exception {
    List<String> expected = Files.readAllLines(Fixtures.path("ssh-to-age/EXPECTED-derived.txt"));
    assertThat(expected).anyMatch(l -> l.contains(CONVERTED_RECIPIENT)).anyMatch(l -> l.contains(CONVERTED_IDENTITY));
    SshEd25519PublicKey pub = (SshEd25519PublicKey) OpenSshKeyParser.readPublicKey(
        Fixtures.path("ssh-to-age/cmd/ssh-to-age/test-assets/id_ed25519.pub"));
    assertThat(X25519Recipient.fromPublicKey(pub.montgomeryPublicKey()).encode()).isEqualTo(CONVERTED_RECIPIENT);
    assertThat(X25519Identity.fromScalar(edKey.x25519Scalar()).encode()).isEqualTo(CONVERTED_IDENTITY);
    assertThat(X25519Identity.fromScalar(edKey.x25519Scalar()).recipient().encode()).isEqualTo(CONVERTED_RECIPIENT);
  }

  // ---- wrap and unwrap ---------------------------------------------------------------------------

  @Test
  void ed25519RoundTripAndStanzaShape() throws Exception {
    byte[] fileKey = Primitives.random(16);
    List<Stanza> stanzas = new SshEd25519Recipient(edKey.publicKey()).wrap(fileKey);
    assertThat(stanzas).hasSize(1);
    Stanza s = stanzas.get(0);
    assertThat(s.type()).isEqualTo("ssh-ed25519");
    assertThat(s.args()).hasSize(2);
    assertThat(s.args().get(0)).isEqualTo("wEPu5w");
    assertThat(StrictBase64.decode(s.args().get(1), 32)).isPresent();
    assertThat(s.body()).hasSize(32);
    assertThat(new SshEd25519Identity(edKey).unwrap(stanzas)).hasValueSatisfying(k -> assertThat(k).isEqualTo(fileKey));
    // fresh ephemeral share every time
    assertThat(new SshEd25519Recipient(edKey.publicKey()).wrap(fileKey).get(0).args().get(1)).isNotEqualTo(s.args().get(1));
  }

  @Test
  void rsaRoundTripAndStanzaShape() throws Exception {
    byte[] fileKey = Primitives.random(16);
    List<Stanza> stanzas = new SshRsaRecipient(rsaKey.publicKey()).wrap(fileKey);
    Stanza s = stanzas.get(0);
    assertThat(s.type()).isEqualTo("ssh-rsa");
    assertThat(s.args()).containsExactly("RCdbxQ");
    assertThat(s.body()).hasSize(256);
    assertThat(new SshRsaIdentity(rsaKey).unwrap(stanzas)).hasValueSatisfying(k -> assertThat(k).isEqualTo(fileKey));
  }

  @Test
  void rsaOaepUsesSha256ForMgf1NotSha1() throws Exception {
    // decrypt our stanza with the JCA and explicit parameters: MGF1-SHA-256 works, MGF1-SHA-1 (SunJCE default) fails
    byte[] fileKey = Primitives.random(16);
    byte[] body = new SshRsaRecipient(rsaKey.publicKey()).wrap(fileKey).get(0).body();
    var priv = java.security.KeyFactory.getInstance("RSA").generatePrivate(rsaKey.keySpec());
    byte[] label = "age-encryption.org/v1/ssh-rsa".getBytes(StandardCharsets.US_ASCII);
    var c = javax.crypto.Cipher.getInstance("RSA/ECB/OAEPPadding");
    c.init(javax.crypto.Cipher.DECRYPT_MODE, priv, new javax.crypto.spec.OAEPParameterSpec("SHA-256", "MGF1",
        java.security.spec.MGF1ParameterSpec.SHA256, new javax.crypto.spec.PSource.PSpecified(label)));
    assertThat(c.doFinal(body)).isEqualTo(fileKey);
    var sha1 = javax.crypto.Cipher.getInstance("RSA/ECB/OAEPWithSHA-256AndMGF1Padding");
    sha1.init(javax.crypto.Cipher.DECRYPT_MODE, priv);
    assertThatThrownBy(() -> sha1.doFinal(body)).isInstanceOf(java.security.GeneralSecurityException.class);
  }

  @Test
  void otherKeysTagIsNotMine() throws Exception {
    SshEd25519PrivateKey other = SshEd25519PrivateKey.fromSeed(Primitives.random(32), "");
    List<Stanza> toOther = new SshEd25519Recipient(other.publicKey()).wrap(Primitives.random(16));
    assertThat(new SshEd25519Identity(edKey).unwrap(toOther)).isEmpty();
    // even with a damaged body: the tag says it is someone else's
    assertThat(new SshEd25519Identity(edKey).unwrap(List.of(withBody(toOther.get(0), new byte[32])))).isEmpty();

    SshRsaPrivateKey otherRsa = generateRsa(2048);
    List<Stanza> toOtherRsa = new SshRsaRecipient(otherRsa.publicKey()).wrap(Primitives.random(16));
    assertThat(new SshRsaIdentity(rsaKey).unwrap(toOtherRsa)).isEmpty();
    assertThat(new SshRsaIdentity(otherRsa).unwrap(toOtherRsa)).isPresent();
    // types are kept apart
    assertThat(new SshRsaIdentity(rsaKey).unwrap(new SshEd25519Recipient(edKey.publicKey()).wrap(Primitives.random(16))))
        .isEmpty();
    assertThat(new SshEd25519Identity(edKey).unwrap(new SshRsaRecipient(rsaKey.publicKey()).wrap(Primitives.random(16))))
        .isEmpty();
  }

  @Test
  void identityTriesEveryStanza() throws Exception {
    byte[] fileKey = Primitives.random(16);
    SshEd25519PrivateKey other = SshEd25519PrivateKey.fromSeed(Primitives.random(32), "");
    List<Stanza> stanzas = new ArrayList<>();
    stanzas.addAll(new SshEd25519Recipient(other.publicKey()).wrap(fileKey));
    stanzas.addAll(X25519Identity.generate().recipient().wrap(fileKey));
    stanzas.addAll(new SshEd25519Recipient(edKey.publicKey()).wrap(fileKey));
    assertThat(new SshEd25519Identity(edKey).unwrap(stanzas)).hasValueSatisfying(k -> assertThat(k).isEqualTo(fileKey));
  }

  @Test
  void ed25519ShapeErrorsAreHeaderFailuresWhateverTheTag() throws Exception {
    Stanza good = new SshEd25519Recipient(edKey.publicKey()).wrap(Primitives.random(16)).get(0);
    String tag = good.args().get(0);
    String share = good.args().get(1);
    SshEd25519Identity id = new SshEd25519Identity(edKey);
    for (List<String> args : List.of(List.of(tag), List.of(tag, share, "x"), List.of("AAAAAA", share, "x"),
        List.of(tag, share.substring(0, 42)), List.of(tag, share + "A"), List.of(tag, share + "="),
        List.of("AAAAAA", "AAAA"))) {
      Stanza s = new Stanza("ssh-ed25519", args, good.body());
      assertThatThrownBy(() -> id.unwrap(List.of(s))).as("args %s", args).isInstanceOf(AgeHeaderException.class);
    }
    // a share whose unused trailing bits are set is not canonical
    char last = share.charAt(42);
    String nonCanonical = share.substring(0, 42) + (char) (last | 1);
    if (!nonCanonical.equals(share)) {
      Stanza s = new Stanza("ssh-ed25519", List.of(tag, nonCanonical), good.body());
      assertThatThrownBy(() -> id.unwrap(List.of(s))).isInstanceOf(AgeHeaderException.class);
    }
  }

  @Test
  void ed25519DamagedBodyOrLowOrderShareWithOurTagIsAHeaderFailure() throws Exception {
    Stanza good = new SshEd25519Recipient(edKey.publicKey()).wrap(Primitives.random(16)).get(0);
    SshEd25519Identity id = new SshEd25519Identity(edKey);
    byte[] body = good.body();
    body[0] ^= 1;
    assertThatThrownBy(() -> id.unwrap(List.of(withBody(good, body))))
        .isInstanceOf(AgeHeaderException.class)
        .hasMessageContaining("SHA256:wEPu5z");
    Stanza lowOrder = new Stanza("ssh-ed25519", List.of(good.args().get(0), StrictBase64.encode(new byte[32])),
        good.body());
    assertThatThrownBy(() -> id.unwrap(List.of(lowOrder))).isInstanceOf(AgeHeaderException.class);
    // a longer file key under a valid tag (agessh does not check the body length): refused, not 16 bytes
    byte[] longKey = Primitives.random(32);
    Stanza longer = new SshEd25519Recipient(edKey.publicKey()).wrap(longKey).get(0);
    assertThat(longer.body()).hasSize(48);
    assertThatThrownBy(() -> id.unwrap(List.of(longer))).isInstanceOf(AgeHeaderException.class)
        .hasMessageContaining("want 16");
  }

  @Test
  void rsaShapeErrorsAndDamagedBody() throws Exception {
    Stanza good = new SshRsaRecipient(rsaKey.publicKey()).wrap(Primitives.random(16)).get(0);
    SshRsaIdentity id = new SshRsaIdentity(rsaKey);
    for (List<String> args : List.of(List.<String>of(), List.of("RCdbxQ", "x"), List.of("AAAAAA", "x"))) {
      Stanza s = new Stanza("ssh-rsa", args, good.body());
      assertThatThrownBy(() -> id.unwrap(List.of(s))).as("args %s", args).isInstanceOf(AgeHeaderException.class);
    }
    byte[] body = good.body();
    body[100] ^= 1;
    assertThatThrownBy(() -> id.unwrap(List.of(withBody(good, body))))
        .isInstanceOf(AgeHeaderException.class)
        .hasMessageContaining("SHA256:RCdbxS");
    assertThatThrownBy(() -> id.unwrap(List.of(withBody(good, new byte[10])))).isInstanceOf(AgeHeaderException.class);
  }

  @Test
  void rsaKeysUnder2048BitsAreRefusedForEncryptionButStillDecrypt() throws Exception {
    SshRsaPrivateKey small = generateRsa(1024);
    assertThatThrownBy(() -> new SshRsaRecipient(small.publicKey()))
        .isInstanceOf(AgeKeyException.class)
        .hasMessageContaining("has 1024 bits; at least 2048 are required");
    String line = small.publicKey().authorizedKeysLine();
    assertThatThrownBy(() -> SshKeys.parseRecipient(line)).isInstanceOf(AgeKeyException.class);
  }

  @Test
  void parseRecipientBridge() throws Exception {
    String edLine = Files.readString(Fixtures.path("ssh-to-age/cmd/ssh-to-age/test-assets/id_ed25519.pub")).strip();
    String rsaLine = Files.readString(Fixtures.path("generated/id_rsa_test.pub")).strip();
    assertThat(SshKeys.parseRecipient(edLine)).isEqualTo(new SshEd25519Recipient(edKey.publicKey()));
    assertThat(SshKeys.parseRecipient(rsaLine)).isEqualTo(new SshRsaRecipient(rsaKey.publicKey()));
    assertThat(SshKeys.parseRecipient(edLine).type()).isEqualTo("ssh-ed25519");
    assertThat(SshKeys.parseRecipient(rsaLine).toString())
        .isEqualTo("ssh-rsa recipient ssh-rsa 2048 SHA256:RCdbxSY6MbxTH2mawjWgUzo2ga4S2N6mEZ9Tn/z1uYs test-rsa-2048");
    assertThatThrownBy(() -> SshKeys.parseRecipient("ssh-dss AAAAB3NzaC1kc3MAAACBAP"))
        .isInstanceOf(AgeKeyException.class);
    String encrypted = Files.readString(Fixtures.path("ssh-to-age/cmd/ssh-to-age/test-assets/id_ed25519_passphrase"));
    assertThatThrownBy(() -> SshKeys.parseIdentity(encrypted, "id_ed25519_passphrase"))
        .isInstanceOf(AgeKeyException.class)
        .hasMessage("id_ed25519_passphrase: passphrase-protected OpenSSH key and no passphrase given");
    assertThat(SshKeys.parseIdentity(encrypted, "id_ed25519_passphrase", "test"::toCharArray).type())
        .isEqualTo("ssh-ed25519");
    assertThatThrownBy(() -> SshKeys.parseIdentity(encrypted, "id_ed25519_passphrase", "nope"::toCharArray))
        .isInstanceOf(AgeKeyException.class)
        .hasMessage("wrong passphrase for id_ed25519_passphrase");
  }

  @Test
  void toStringsShowNoSecrets() throws Exception {
    String s = new SshEd25519Identity(edKey).toString();
    assertThat(s).isEqualTo("ssh-ed25519 identity ssh-ed25519 SHA256:wEPu5zkkhaJZhOM5BFhVJnRbJC7OEuRKz/lt2XCrN8I "
        + "joerg@turingmachine");
    assertThat(new SshRsaIdentity(rsaKey).toString()).doesNotContain(rsaKey.keySpec().getPrivateExponent().toString(16));
  }

  // ---- helpers ------------------------------------------------------------------------------------

  private static Stanza withBody(Stanza s, byte[] body) {
    return new Stanza(s.type(), s.args(), body);
  }

  private static SshRsaPrivateKey generateRsa(int bits) throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(bits);
    RSAPrivateCrtKey k = (RSAPrivateCrtKey) g.generateKeyPair().getPrivate();
    return SshRsaPrivateKey.of(SshRsaPublicKey.of(k.getModulus(), k.getPublicExponent(), "gen"),
        k.getPrivateExponent(), k.getPrimeP(), k.getPrimeQ(), k.getCrtCoefficient());
  }

  /** A minimal, independent reading of an age header: its stanzas and the MAC check (spec §1.2, §1.4). */
  private record ParsedHeader(List<Stanza> stanzas, byte[] macInput, byte[] mac) {
    static ParsedHeader parse(byte[] file) {
      String text = new String(file, StandardCharsets.ISO_8859_1);
      List<Stanza> stanzas = new ArrayList<>();
      int pos = text.indexOf('\n') + 1;
      assertThat(text.substring(0, pos)).isEqualTo("age-encryption.org/v1\n");
      while (true) {
        int end = text.indexOf('\n', pos);
        String line = text.substring(pos, end);
        if (line.startsWith("--- ")) {
          byte[] macInput = java.util.Arrays.copyOf(file, pos + 3);
          return new ParsedHeader(stanzas, macInput, Base64.getDecoder().decode(line.substring(4)));
        }
        assertThat(line).startsWith("-> ");
        List<String> parts = List.of(line.substring(3).split(" "));
        pos = end + 1;
        StringBuilder body = new StringBuilder();
        while (true) {
          end = text.indexOf('\n', pos);
          String b = text.substring(pos, end);
          body.append(b);
          pos = end + 1;
          if (b.length() < 64) {
            break;
          }
        }
        stanzas.add(new Stanza(parts.get(0), parts.subList(1, parts.size()),
            Base64.getDecoder().decode(body.toString())));
      }
    }

    boolean macVerifies(byte[] fileKey) {
      byte[] macKey = Primitives.hkdf(fileKey, new byte[0], "header");
      byte[] computed = Primitives.hmacSha256(macKey, macInput, 0, macInput.length);
      return java.util.Arrays.equals(computed, mac);
    }
  }
}
