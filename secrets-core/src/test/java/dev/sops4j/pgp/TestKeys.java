package dev.sops4j.pgp;

import dev.sops4j.testsupport.Fixtures;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.bouncycastle.bcpg.ArmoredInputStream;
import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.SymmetricKeyAlgorithmTags;
import org.bouncycastle.openpgp.PGPSecretKeyRing;
import org.bouncycastle.openpgp.bc.BcPGPSecretKeyRing;
import org.bouncycastle.openpgp.operator.bc.BcPBESecretKeyEncryptorBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPDigestCalculatorProvider;

/** Fixture key paths and small helpers: armor, de-armor, re-protect a key with a passphrase. */
public final class TestKeys {
  public static final String SOPS_KEY = "sops/pgp/sops_functional_tests_key.asc";
  public static final String NIX = "sops-nix/pkgs/sops-install-secrets/test-assets/";
  public static final String KROPS_FP = "7FB89715AADA920D65D25E63F9BA9DEBD03F57C0";
  public static final String SOPS_FP = "FBC7B9E2A4F9289AC0C1D4843D16CEE4A27381B4";

  private TestKeys() {}

  public static Path kropsKey() {
    return Fixtures.path(NIX + "key.asc");
  }

  public static Path gnupgHome() {
    return Fixtures.path(NIX + "gnupghome");
  }

  /** The {@code enc} of the krops-test entry of sops-nix {@code secrets.json} and its data key. */
  public static String[] kropsEntry() throws IOException {
    for (SopsPgpEntries.Entry e : SopsPgpEntries.entries(Fixtures.path(NIX + "secrets.json"), "secrets.json",
        "")) {
      if (e.fp().equals(KROPS_FP)) {
        String derived = Files.readString(Fixtures.path("derived/sops-nix__secrets.json.derived.txt"));
        String hex = derived.lines().filter(l -> l.startsWith("datakey_hex=")).findFirst().orElseThrow()
            .substring("datakey_hex=".length());
        return new String[] {e.enc(), hex};
      }
    }
    throw new AssertionError("no krops-test entry");
  }

  /** The armored secret key file re-protected with {@code passphrase} (AES-256, iterated SHA-256 S2K). */
  public static byte[] protect(Path armoredSecretKey, char[] passphrase) throws Exception {
    PGPSecretKeyRing ring = new BcPGPSecretKeyRing(dearmor(Files.readAllBytes(armoredSecretKey)));
    PGPSecretKeyRing protectedRing = PGPSecretKeyRing.copyWithNewPassword(ring, null,
        new BcPBESecretKeyEncryptorBuilder(SymmetricKeyAlgorithmTags.AES_256,
            new BcPGPDigestCalculatorProvider().get(HashAlgorithmTags.SHA256), 0x60)
            .setSecureRandom(new SecureRandom()).build(passphrase));
    return armor(protectedRing.getEncoded());
  }

  public static byte[] dearmor(byte[] armored) throws IOException {
    try (ArmoredInputStream in = new ArmoredInputStream(new ByteArrayInputStream(armored))) {
      return in.readAllBytes();
    }
  }

  public static byte[] armor(byte[] binary) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ArmoredOutputStream a = ArmoredOutputStream.builder().clearHeaders().build(out)) {
      a.write(binary);
    }
    return out.toByteArray();
  }
}
