package dev.sops4j.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sops4j.testsupport.Fixtures;
import dev.sops4j.testsupport.Peers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpenSshKeyParserTest {
  private static final HexFormat HEX = HexFormat.of();

  private static Path sshToAgeAssets() {
    return Fixtures.path("ssh-to-age/cmd/ssh-to-age/test-assets");
  }

  @Test
  void parsesTheSshToAgeEd25519KeyPair() throws Exception {
    SshPrivateKey priv = OpenSshKeyParser.readPrivateKey(sshToAgeAssets().resolve("id_ed25519"));
    SshPublicKey pub = OpenSshKeyParser.readPublicKey(sshToAgeAssets().resolve("id_ed25519.pub"));

    assertThat(priv).isInstanceOf(SshEd25519PrivateKey.class);
    SshEd25519PrivateKey ed = (SshEd25519PrivateKey) priv;
    // values from ../shared/fixtures/ssh-to-age/EXPECTED-derived.txt
    assertThat(HEX.formatHex(ed.seed())).isEqualTo("ec068d222e40b653d092e57812a3bcd2fe742f8f168f7e17c5091f81b21c682f");
    assertThat(HEX.formatHex(ed.publicKey().keyBytes()))
        .isEqualTo("e1f3f94d18b6320d739e1d66224d7257e610589f17b45708594d9536ee6418e2");
    assertThat(HEX.formatHex(ed.x25519Scalar()))
        .isEqualTo("b4593acdf10aef274250c6360c4e311928985801956c31ad1196c1c265ebe432");
    assertThat(priv.publicKey()).isEqualTo(pub);
    assertThat(priv.comment()).isEqualTo("joerg@turingmachine");
    assertThat(pub.comment()).isEqualTo("joerg@turingmachine");
    // as printed by ssh-keygen -lf
    assertThat(pub.fingerprint()).isEqualTo("SHA256:wEPu5zkkhaJZhOM5BFhVJnRbJC7OEuRKz/lt2XCrN8I");
    // the .pub file re-encodes to itself
    assertThat(pub.authorizedKeysLine())
        .isEqualTo(Files.readString(sshToAgeAssets().resolve("id_ed25519.pub")).strip());
  }

  @Test
  void montgomeryConversionAgreesWithTheScalar() throws Exception {
    SshEd25519PrivateKey ed = (SshEd25519PrivateKey) OpenSshKeyParser.readPrivateKey(
        sshToAgeAssets().resolve("id_ed25519"));
    byte[] viaScalar = new byte[32];
    org.bouncycastle.math.ec.rfc7748.X25519.scalarMultBase(ed.x25519Scalar(), 0, viaScalar, 0);
    assertThat(ed.publicKey().montgomeryPublicKey()).isEqualTo(viaScalar);
  }

  @Test
  void parsesTheGeneratedRsaKeyPair() throws Exception {
    Path dir = Fixtures.path("generated");
    SshPrivateKey priv = OpenSshKeyParser.readPrivateKey(dir.resolve("id_rsa_test"));
    SshPublicKey pub = OpenSshKeyParser.readPublicKey(dir.resolve("id_rsa_test.pub"));
    assertThat(priv).isInstanceOf(SshRsaPrivateKey.class);
    assertThat(priv.publicKey()).isEqualTo(pub);
    assertThat(((SshRsaPublicKey) pub).bitLength()).isEqualTo(2048);
    assertThat(pub.comment()).isEqualTo("test-rsa-2048");
    assertThat(pub.fingerprint()).isEqualTo("SHA256:RCdbxSY6MbxTH2mawjWgUzo2ga4S2N6mEZ9Tn/z1uYs");
    assertThat(pub.authorizedKeysLine()).isEqualTo(Files.readString(dir.resolve("id_rsa_test.pub")).strip());
    // the CRT key really is the private key of the modulus: m^(e·d) = m
    var spec = ((SshRsaPrivateKey) priv).keySpec();
    var m = java.math.BigInteger.valueOf(0x1234567);
    assertThat(m.modPow(spec.getPublicExponent(), spec.getModulus()).modPow(spec.getPrivateExponent(), spec.getModulus()))
        .isEqualTo(m);
  }

  @Test
  void passphraseProtectedKeyIsRefusedClearly() {
    Path file = sshToAgeAssets().resolve("id_ed25519_passphrase");
    assertThatThrownBy(() -> OpenSshKeyParser.readPrivateKey(file))
        .isInstanceOf(SshPassphraseException.class)
        .hasMessage(file + ": passphrase-protected OpenSSH key and no passphrase given")
        .extracting(e -> ((SshPassphraseException) e).reason()).isEqualTo(SshPassphraseException.Reason.MISSING);
  }

  @Test
  void liveEd25519KeysFromSshKeygen(@TempDir Path dir) throws Exception {
    Path keygen = Peers.executable("ssh-keygen");
    Path key = ProcessRunner.sshKeygen(keygen, dir, "id_ed", "-t", "ed25519", "-C", "live ed25519 key");
    assertLiveKeyPair(keygen, dir, key, SshEd25519PrivateKey.class, "live ed25519 key");
  }

  @Test
  void liveRsaKeysFromSshKeygenInAllThreeFormats(@TempDir Path dir) throws Exception {
    Path keygen = Peers.executable("ssh-keygen");
    Path key = ProcessRunner.sshKeygen(keygen, dir, "id_rsa", "-t", "rsa", "-b", "3072", "-C", "live-rsa");
    SshPrivateKey openssh = assertLiveKeyPair(keygen, dir, key, SshRsaPrivateKey.class, "live-rsa");
    assertThat(((SshRsaPublicKey) openssh.publicKey()).bitLength()).isEqualTo(3072);

    for (String format : List.of("PEM", "PKCS8")) {
      ProcessRunner.runOk(dir, List.of(keygen.toString(), "-q", "-p", "-N", "", "-P", "", "-m", format,
          "-f", key.toString()), null);
      String text = Files.readString(key);
      assertThat(text).startsWith(format.equals("PEM") ? "-----BEGIN RSA PRIVATE KEY-----" : "-----BEGIN PRIVATE KEY-----");
      SshPrivateKey parsed = OpenSshKeyParser.parsePrivateKey(text, "id_rsa." + format);
      assertThat(parsed).as(format).isEqualTo(openssh);
      assertThat(parsed.comment()).isEmpty();
    }
  }

  @Test
  void pkcs8Ed25519FromOpenssl(@TempDir Path dir) throws Exception {
    Path openssl = Peers.executable("openssl");
    Path pem = dir.resolve("ed.pem");
    ProcessRunner.runOk(dir, List.of(openssl.toString(), "genpkey", "-algorithm", "ed25519", "-out", pem.toString()), null);
    var der = ProcessRunner.runOk(dir, List.of(openssl.toString(), "pkey", "-in", pem.toString(), "-pubout",
        "-outform", "DER"), null).stdout();
    SshPrivateKey key = OpenSshKeyParser.readPrivateKey(pem);
    assertThat(key).isInstanceOf(SshEd25519PrivateKey.class);
    // SubjectPublicKeyInfo of Ed25519 ends with the 32 raw public key bytes
    byte[] raw = java.util.Arrays.copyOfRange(der, der.length - 32, der.length);
    assertThat(((SshEd25519PublicKey) key.publicKey()).keyBytes()).isEqualTo(raw);
  }

  private static SshPrivateKey assertLiveKeyPair(Path keygen, Path dir, Path key, Class<?> type, String comment)
      throws Exception {
    SshPrivateKey priv = OpenSshKeyParser.readPrivateKey(key);
    SshPublicKey pub = OpenSshKeyParser.readPublicKey(Path.of(key + ".pub"));
    assertThat(priv).isInstanceOf(type);
    assertThat(priv.publicKey()).isEqualTo(pub);
    assertThat(pub.comment()).isEqualTo(comment);
    assertThat(priv.comment()).isEqualTo(comment);
    assertThat(pub.authorizedKeysLine()).isEqualTo(Files.readString(Path.of(key + ".pub")).strip());
    String listed = ProcessRunner.runOk(dir, List.of(keygen.toString(), "-l", "-E", "sha256", "-f", key + ".pub"), null)
        .stdoutText();
    assertThat(listed.split(" ")[1]).isEqualTo(pub.fingerprint());
    // ssh-keygen -y derives the public key from our private key file: same line
    String derived = ProcessRunner.runOk(dir, List.of(keygen.toString(), "-y", "-f", key.toString()), null).stdoutText();
    assertThat(OpenSshKeyParser.parsePublicKey(derived, "ssh-keygen -y")).isEqualTo(priv.publicKey());
    return priv;
  }

  @Test
  void toStringShowsTypeFingerprintAndCommentOnly() throws Exception {
    SshEd25519PrivateKey ed = (SshEd25519PrivateKey) OpenSshKeyParser.readPrivateKey(
        sshToAgeAssets().resolve("id_ed25519"));
    String s = ed.toString();
    assertThat(s).isEqualTo("ssh-ed25519 private key SHA256:wEPu5zkkhaJZhOM5BFhVJnRbJC7OEuRKz/lt2XCrN8I joerg@turingmachine");
    assertThat(s).doesNotContain(HEX.formatHex(ed.seed())).doesNotContain(Base64.getEncoder().encodeToString(ed.seed()));
    assertThat(ed.publicKey().toString())
        .isEqualTo("ssh-ed25519 SHA256:wEPu5zkkhaJZhOM5BFhVJnRbJC7OEuRKz/lt2XCrN8I joerg@turingmachine");
    SshPrivateKey rsa = OpenSshKeyParser.readPrivateKey(Fixtures.path("generated/id_rsa_test"));
    assertThat(rsa.toString())
        .isEqualTo("ssh-rsa private key 2048 SHA256:RCdbxSY6MbxTH2mawjWgUzo2ga4S2N6mEZ9Tn/z1uYs test-rsa-2048");
  }

  // ---- malformed inputs -------------------------------------------------------------------------

  @Test
  void publicKeyLineTypeMustMatchTheBlob() throws Exception {
    String line = Files.readString(sshToAgeAssets().resolve("id_ed25519.pub")).strip();
    String swapped = line.replaceFirst("^ssh-ed25519", "ssh-rsa");
    assertThatThrownBy(() -> OpenSshKeyParser.parsePublicKey(swapped, "recipients.txt"))
        .isInstanceOf(SshKeyException.class)
        .hasMessage("recipients.txt: the line says key type 'ssh-rsa' but the key data is of type 'ssh-ed25519'");
  }

  @Test
  void publicKeyLineErrors() {
    assertThatThrownBy(() -> OpenSshKeyParser.parsePublicKey("ssh-ed25519", "r"))
        .hasMessage("r: expected an authorized_keys line '<type> <base64 key> [comment]'");
    assertThatThrownBy(() -> OpenSshKeyParser.parsePublicKey("ssh-ed25519 !!!!", "r"))
        .hasMessage("r: the key field of the authorized_keys line is not valid base64");
    // a truncated blob: the 32-byte key is cut short
    String shortBlob = Base64.getEncoder().encodeToString(new SshWireWriter().string("ssh-ed25519").toByteArray());
    assertThatThrownBy(() -> OpenSshKeyParser.parsePublicKey("ssh-ed25519 " + shortBlob, "r"))
        .hasMessageStartingWith("r: truncated ssh-ed25519 public key length");
    // trailing data after the key
    byte[] key = HEX.parseHex("e1f3f94d18b6320d739e1d66224d7257e610589f17b45708594d9536ee6418e2");
    String longBlob = Base64.getEncoder().encodeToString(
        new SshWireWriter().string("ssh-ed25519").string(key).uint32(0).toByteArray());
    assertThatThrownBy(() -> OpenSshKeyParser.parsePublicKey("ssh-ed25519 " + longBlob, "r"))
        .hasMessage("r: 4 unexpected bytes after the public key");
    // not a curve point
    byte[] bad = new byte[32];
    bad[0] = 2;
    String badPoint = Base64.getEncoder().encodeToString(new SshWireWriter().string("ssh-ed25519").string(bad).toByteArray());
    assertThatThrownBy(() -> OpenSshKeyParser.parsePublicKey("ssh-ed25519 " + badPoint, "r"))
        .hasMessage("r: ssh-ed25519 public key is not a valid edwards25519 point");
  }

  @Test
  void authorizedKeysOptionsBeforeTheKeyTypeAreSkipped() throws Exception {
    String line = Files.readString(sshToAgeAssets().resolve("id_ed25519.pub")).strip();
    SshPublicKey plain = OpenSshKeyParser.parsePublicKey(line, "ak");
    String rsaLine = Files.readString(Fixtures.path("generated/id_rsa_test.pub")).strip();

    SshPublicKey withCommand = OpenSshKeyParser.parsePublicKey(
        "command=\"echo \\\"x\\\" && true\",no-pty " + line, "ak");
    assertThat(withCommand).isEqualTo(plain);
    assertThat(withCommand.comment()).isEqualTo("joerg@turingmachine");
    assertThat(OpenSshKeyParser.parsePublicKey("from=\"10.0.0.1\" " + rsaLine, "ak").type()).isEqualTo("ssh-rsa");
    assertThat(OpenSshKeyParser.parsePublicKey("  restrict,pty\t\t" + line + "  ", "ak")).isEqualTo(plain);
  }

  @Test
  void badAuthorizedKeysOptionsAreClearErrors() throws Exception {
    String line = Files.readString(sshToAgeAssets().resolve("id_ed25519.pub")).strip();
    assertThatThrownBy(() -> OpenSshKeyParser.parsePublicKey("command=\"echo x " + line, "ak"))
        .isInstanceOf(SshKeyException.class)
        .hasMessage("ak: unterminated quoted string in the options of the key line");
    String noType = "ak: expected an authorized_keys line '[options] <type> <base64 key> [comment]' (no key type found)";
    assertThatThrownBy(() -> OpenSshKeyParser.parsePublicKey("no-pty", "ak")).hasMessage(noType);
    assertThatThrownBy(() -> OpenSshKeyParser.parsePublicKey("no-pty AAAAC3NzaC1lZDI1NTE5 c", "ak")).hasMessage(noType);
  }

  @Test
  void unsupportedPublicKeyType(@TempDir Path dir) throws Exception {
    Path key = ProcessRunner.sshKeygen(Peers.executable("ssh-keygen"), dir, "id_ecdsa", "-t", "ecdsa");
    assertThatThrownBy(() -> OpenSshKeyParser.readPublicKey(Path.of(key + ".pub")))
        .isInstanceOf(SshKeyException.class)
        .hasMessage(key + ".pub: unsupported ssh key type 'ecdsa-sha2-nistp256' (supported: ssh-ed25519, ssh-rsa)");
    assertThatThrownBy(() -> OpenSshKeyParser.readPrivateKey(key))
        .isInstanceOf(SshKeyException.class)
        .hasMessage(key + ": unsupported ssh key type 'ecdsa-sha2-nistp256' (supported: ssh-ed25519, ssh-rsa)");
  }

  @Test
  void checkIntMismatchIsDetected() throws Exception {
    byte[] blob = opensshBlob("id_ed25519");
    int section = privateSectionOffset(blob);
    blob[section + 3] ^= 1; // first check-int
    assertThatThrownBy(() -> OpenSshKeyParser.parsePrivateKey(pem(blob), "id_ed25519"))
        .isInstanceOf(SshKeyException.class)
        .hasMessage("id_ed25519: the two check-ints differ (corrupt key, or wrong passphrase)");
  }

  @Test
  void badPaddingIsDetected() throws Exception {
    byte[] blob = opensshBlob("id_ed25519");
    blob[blob.length - 1] ^= 0x40;
    assertThatThrownBy(() -> OpenSshKeyParser.parsePrivateKey(pem(blob), "k"))
        .hasMessage("k: bad padding at the end of the private section");
  }

  @Test
  void publicKeyOfTheFileMustMatchThePrivateKey() throws Exception {
    byte[] blob = opensshBlob("id_ed25519");
    // the seed sits near the end: flip one of its bits, the derived public key changes
    int seedAt = indexOf(blob, HEX.parseHex("ec068d222e40b653"));
    blob[seedAt] ^= 1;
    assertThatThrownBy(() -> OpenSshKeyParser.parsePrivateKey(pem(blob), "k"))
        .hasMessage("k: ssh-ed25519 public key does not match its seed");
  }

  @Test
  void wrongMagicAndOtherFormats() {
    byte[] blob = "openssh-key-v2\0".getBytes(StandardCharsets.US_ASCII);
    assertThatThrownBy(() -> OpenSshKeyParser.parsePrivateKey(pem(blob), "k"))
        .hasMessage("k: not an openssh-key-v1 key (bad magic)");
    assertThatThrownBy(() -> OpenSshKeyParser.parsePrivateKey("hello", "k"))
        .hasMessage("k: no '-----BEGIN' line: not a PEM private key file");
    assertThatThrownBy(() -> OpenSshKeyParser.parsePrivateKey("-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----\n", "k"))
        .hasMessage("k: unsupported private key format 'EC PRIVATE KEY' (supported: OPENSSH PRIVATE KEY, "
            + "RSA PRIVATE KEY, PRIVATE KEY, ENCRYPTED PRIVATE KEY)");
    assertThatThrownBy(() -> OpenSshKeyParser.parsePrivateKey("-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n", "k"))
        .hasMessage("k: no '-----END OPENSSH PRIVATE KEY-----' line");
    assertThatThrownBy(() -> OpenSshKeyParser.parsePrivateKey(
        "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\nAAAA\n-----END RSA PRIVATE KEY-----\n", "k"))
        .hasMessage("k: the DEK-Info IV has 1 bytes, AES-128-CBC needs 16");
    assertThatThrownBy(() -> OpenSshKeyParser.parsePrivateKey(
        "-----BEGIN RSA PRIVATE KEY-----\nMAA=\n-----END RSA PRIVATE KEY-----\n", "k"))
        .hasMessage("k: malformed PKCS#1 RSA private key");
  }

  @Test
  void truncatedKeyFileNamesTheSourceNotTheBytes() throws Exception {
    byte[] blob = opensshBlob("id_ed25519");
    byte[] cut = java.util.Arrays.copyOf(blob, blob.length - 40);
    assertThatThrownBy(() -> OpenSshKeyParser.parsePrivateKey(pem(cut), "/home/u/.ssh/id_ed25519"))
        .isInstanceOf(SshKeyException.class)
        .hasMessageStartingWith("/home/u/.ssh/id_ed25519: truncated private section")
        .hasMessageNotContaining("ec068d22");
  }

  private static byte[] opensshBlob(String name) throws Exception {
    return PemBlock.parse(Files.readString(sshToAgeAssets().resolve(name)), name).der();
  }

  private static String pem(byte[] blob) {
    return "-----BEGIN OPENSSH PRIVATE KEY-----\n" + Base64.getMimeEncoder(70, new byte[] {'\n'}).encodeToString(blob)
        + "\n-----END OPENSSH PRIVATE KEY-----\n";
  }

  /** Offset of the private section's contents (after its length) in an unencrypted ed25519 key. */
  private static int privateSectionOffset(byte[] blob) throws SshKeyException {
    SshWireReader r = new SshWireReader(java.util.Arrays.copyOfRange(blob, 15, blob.length), "t");
    r.readString("cipher");
    r.readString("kdf");
    r.readString("kdfopts");
    r.readUint32("n");
    r.readString("pub");
    r.readUint32("section length");
    return blob.length - r.remaining();
  }

  private static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i <= hay.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new AssertionError("not found");
  }
}
