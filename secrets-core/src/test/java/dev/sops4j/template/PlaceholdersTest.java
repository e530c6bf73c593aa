package dev.sops4j.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlaceholdersTest {

  @Test
  void sopsNixFormMatchesTheValueQuotedInSopsNixIssue897() {
    // From https://github.com/Mic92/sops-nix/issues/897 (a rendered template showing the placeholder).
    assertThat(Placeholders.sopsNix("vars/buildbot-worker-wasp/password")).isEqualTo(
        "<SOPS:febff65b336f7a7c815e2ce95e92423de2c07ef0bb51ac7213c0ba1d5306ab9b:PLACEHOLDER>");
  }

  @Test
  void sopsNixFormIsSha256OfTheUtf8NameInLowercaseHex() throws Exception {
    for (String name : List.of("db/password", "a", "", "ünïcödé/ключ", "with space")) {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      StringBuilder hex = new StringBuilder();
      for (byte b : sha.digest(name.getBytes(StandardCharsets.UTF_8))) {
        hex.append(String.format("%02x", b & 0xff));
      }
      assertThat(Placeholders.sopsNix(name)).isEqualTo("<SOPS:" + hex + ":PLACEHOLDER>");
    }
  }

  @Test
  void sha256OfTheEmptyNameIsTheWellKnownDigest() {
    assertThat(Placeholders.sha256Hex(""))
        .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  }

  @Test
  void readableFormAvoidsMavenFilterDelimiters() {
    String p = Placeholders.readable("db/password");
    assertThat(p).isEqualTo("{{ sops:db/password }}");
    assertThat(p).doesNotContain("${").doesNotContain("@");
  }

  @Test
  void readableFormRejectsNamesThatCannotBeWritten() {
    for (String bad : List.of("", "a b", "a}b", "a{b", "tab\there", "line\nbreak")) {
      assertThatThrownBy(() -> Placeholders.readable(bad))
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThat(Placeholders.isReadableName("app/db.password-1_x@host")).isTrue();
  }
}
