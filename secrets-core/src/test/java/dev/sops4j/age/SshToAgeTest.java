package dev.sops4j.age;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sops4j.testsupport.Fixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SshToAgeTest {
  private static final String ASSETS = "ssh-to-age/cmd/ssh-to-age/test-assets/";
  private static final String SOPS_NIX = "sops-nix/pkgs/sops-install-secrets/test-assets/ssh-ed25519-key";

  private static String read(String fixture) throws Exception {
    return Files.readString(Fixtures.path(fixture), StandardCharsets.UTF_8);
  }

  @Test
  void publicKeyMatchesTheOriginalTool() throws Exception {
    assertThat(SshToAge.recipientStrings(read(ASSETS + "id_ed25519.pub"), "id_ed25519.pub", n -> {}))
        .containsExactly("age17044m9wgakla6pzftf4srtl3h5mcsr85jysgt5fg23zpnta8sfdqhzn452");
  }

  @Test
  void privateKeyMatchesTheOriginalToolUnclamped() throws Exception {
    assertThat(SshToAge.identityString(read(ASSETS + "id_ed25519"), "id_ed25519"))
        .isEqualTo("AGE-SECRET-KEY-1K3VN4N03PTHJWSJSCCMQCN33RY5FSKQPJ4KRRTG3JMQUYE0TUSEQEDH6V8");
  }

  @Test
  void convertedIdentityBelongsToConvertedRecipient() throws Exception {
    X25519Identity identity = X25519Identity.parse(SshToAge.identityString(read(ASSETS + "id_ed25519"), "k"));
    assertThat(identity.recipient().encode())
        .isEqualTo("age17044m9wgakla6pzftf4srtl3h5mcsr85jysgt5fg23zpnta8sfdqhzn452");
  }

  @Test
  void keyscanConvertsEd25519AndNotesSkippedRsaLines() throws Exception {
    List<String> notes = new ArrayList<>();
    assertThat(SshToAge.recipientStrings(read(ASSETS + "keyscan.txt"), "keyscan.txt", notes::add))
        .containsExactly("age1hjm3aujg9e79f5yth8a2cejzdjg5n9vnu96l05p70uvfpeltnpms7yy3pp",
            "age1v8zjc47jmlqwefyu66s0d4ke98qr4vnuj3cpvs4z9npfdw833dxqwjrhzv");
    assertThat(notes).containsExactly("skipping ssh-rsa key on line 2: only ed25519 keys convert",
        "skipping ssh-rsa key on line 6: only ed25519 keys convert");
  }

  @Test
  void authorizedKeysLinesWithOptionsConvert() throws Exception {
    String key = read(ASSETS + "id_ed25519.pub").strip();
    String rsa = read("generated/id_rsa_test.pub").strip();
    String text = "command=\"echo \\\"x y\\\"\",no-pty " + key + "\n"
        + "from=\"10.0.0.1\" " + rsa + "\n"
        + "restrict,environment=\"A=b c\"\t" + key + "\n";
    List<String> notes = new ArrayList<>();

    assertThat(SshToAge.recipientStrings(text, "authorized_keys", notes::add)).containsExactly(
        "age17044m9wgakla6pzftf4srtl3h5mcsr85jysgt5fg23zpnta8sfdqhzn452",
        "age17044m9wgakla6pzftf4srtl3h5mcsr85jysgt5fg23zpnta8sfdqhzn452");
    assertThat(notes).containsExactly("skipping ssh-rsa key on line 2: only ed25519 keys convert");
  }

  @Test
  void unterminatedOptionQuoteNamesTheLine() throws Exception {
    String key = read(ASSETS + "id_ed25519.pub").strip();
    assertThatThrownBy(() -> SshToAge.recipientStrings("\ncommand=\"echo " + key + "\n", "ak", n -> {}))
        .isInstanceOf(AgeKeyException.class)
        .hasMessage("ak line 2: unterminated quoted string in the options of the key line");
  }

  @Test
  void sopsNixHostKey() throws Exception {
    String expected = "age1a8pk4akrdamj7nvqy3zywgtny8dxz7t5xzu7u8v9mhrayp9freqsqatyrs";
    assertThat(SshToAge.recipientStrings(read(SOPS_NIX + ".pub"), "pub", n -> {})).containsExactly(expected);
    assertThat(X25519Identity.parse(SshToAge.identityString(read(SOPS_NIX), "key")).recipient().encode())
        .isEqualTo(expected);
  }

  @Test
  void passphraseProtectedKeyNeedsAPassphrase() throws Exception {
    String encrypted = read(ASSETS + "id_ed25519_passphrase");
    assertThatThrownBy(() -> SshToAge.identityString(encrypted, "id_ed25519_passphrase"))
        .isInstanceOf(AgeKeyException.class)
        .hasMessage("id_ed25519_passphrase: passphrase-protected OpenSSH key and no passphrase given");
    // the fixture's passphrase is "test"; value from ../shared/fixtures/ssh-to-age/EXPECTED-derived.txt
    assertThat(SshToAge.identityString(encrypted, "id_ed25519_passphrase", "test"::toCharArray))
        .isEqualTo("AGE-SECRET-KEY-1EJQ0DZ679RZ4MF6KDC8L8F327SHUULYD5XP53C08ZHYT0KQLNWJQHG7X8P");
    assertThatThrownBy(() -> SshToAge.identityString(encrypted, "id_ed25519_passphrase", "canary-wrong"::toCharArray))
        .isInstanceOf(AgeKeyException.class)
        .hasMessage("wrong passphrase for id_ed25519_passphrase")
        .hasMessageNotContaining("canary");
  }

  @Test
  void rsaPrivateKeyIsRefused() {
    assertThatThrownBy(() -> SshToAge.identityString(read("generated/id_rsa_test"), "id_rsa_test"))
        .isInstanceOf(AgeKeyException.class)
        .hasMessage("id_rsa_test: ssh-rsa key: only ed25519 keys convert");
  }

  @Test
  void rsaPublicKeyIsRefusedAsARecipient() throws Exception {
    var key = dev.sops4j.ssh.OpenSshKeyParser.parsePublicKey(read("generated/id_rsa_test.pub"), "pub");
    assertThatThrownBy(() -> SshToAge.recipient(key, "pub")).hasMessage("pub: ssh-rsa key: only ed25519 keys convert");
  }

  @Test
  void malformedLineNamesSourceAndLine() {
    assertThatThrownBy(() -> SshToAge.recipientStrings("\n# c\nssh-ed25519 !!!notbase64\n", "keys", n -> {}))
        .isInstanceOf(AgeKeyException.class)
        .hasMessageStartingWith("keys line 3: ");
  }

  @Test
  void blankAndCommentOnlyInputGivesNoRecipients() throws Exception {
    assertThat(SshToAge.recipientStrings("\n  \n# nothing\n", "empty", n -> {})).isEmpty();
  }
}
