package dev.sops4j.install;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sops4j.sops.format.Format;
import dev.sops4j.template.Placeholders;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManifestBuilderTest {

  @Test
  void defaultsAreTheNixOsModuleDefaults() {
    Manifest m = Manifest.builder()
        .secret(SecretSpec.builder("db/password").sopsFile("/s/secrets.yaml").build())
        .template(TemplateSpec.builder("app.env").content("x").build())
        .build();
    assertThat(m.secretsMountPoint()).isEqualTo("/run/secrets.d");
    assertThat(m.symlinkPath()).isEqualTo("/run/secrets");
    assertThat(m.keepGenerations()).isEqualTo(1);
    assertThat(m.logging()).isEqualTo(new Logging(true, true));
    assertThat(m.useTmpfs()).isFalse();
    assertThat(m.userMode()).isFalse();
    assertThat(m.gnupgHome()).isNull();
    assertThat(m.ageKeyFile()).isNull();
    assertThat(m.sshKeyPaths()).isEmpty();
    assertThat(m.ageSshKeyPaths()).isEmpty();
    assertThat(m.warnings()).isEmpty();

    SecretSpec s = m.secrets().get(0);
    assertThat(s.key()).isEqualTo("db/password");
    assertThat(s.path()).isEqualTo("/run/secrets/db/password");
    assertThat(s.mode()).isEqualTo("0400");
    assertThat(s.modeBits()).isEqualTo(0400);
    assertThat(s.format()).isEqualTo("yaml");
    assertThat(s.sopsFormat()).isEqualTo(Format.YAML);
    assertThat(s.owner()).isNull();
    assertThat(s.group()).isNull();
    assertThat(s.uid()).isZero();
    assertThat(s.gid()).isZero();
    assertThat(s.restartUnits()).isEmpty();
    assertThat(s.usesKey()).isTrue();

    TemplateSpec t = m.templates().get(0);
    assertThat(t.path()).isEqualTo("/run/secrets/rendered/app.env");
    assertThat(t.mode()).isEqualTo("0400");
    assertThat(t.file()).isNull();
    assertThat(m.generationPath("/run/secrets.d/3", s)).isEqualTo("/run/secrets.d/3/db/password");
    assertThat(m.generationPath("/run/secrets.d/3/", t))
        .isEqualTo("/run/secrets.d/3/rendered/app.env");
  }

  @Test
  void everySettingIsKept() {
    Manifest m = Manifest.builder()
        .secretsMountPoint("/srv/app/secrets.d").symlinkPath("/srv/app/secrets/")
        .keepGenerations(5).sshKeyPath("/etc/ssh/rsa").ageKeyFile("/var/lib/key.txt")
        .ageSshKeyPath("/etc/ssh/ed").useTmpfs(true).userMode(true).logging(false, true)
        .placeholder("x", "@@X@@")
        .secret(SecretSpec.builder("x").key("").format(Format.BINARY).mode("0440").owner("app")
            .group("app").sopsFile("/s/x.bin").restartUnit("a.service").reloadUnit("b.service")
            .path("/etc/x").build())
        .template(TemplateSpec.builder("t").file("/tpl/t").uid(7).gid(8).mode("0444")
            .restartUnits(List.of("c.service")).build())
        .build();
    assertThat(m.secretsMountPoint()).isEqualTo("/srv/app/secrets.d");
    assertThat(m.keepGenerations()).isEqualTo(5);
    assertThat(m.sshKeyPaths()).containsExactly("/etc/ssh/rsa");
    assertThat(m.ageKeyFile()).isEqualTo("/var/lib/key.txt");
    assertThat(m.ageSshKeyPaths()).containsExactly("/etc/ssh/ed");
    assertThat(m.useTmpfs()).isTrue();
    assertThat(m.userMode()).isTrue();
    assertThat(m.logging()).isEqualTo(new Logging(false, true));
    SecretSpec s = m.secret("x").orElseThrow();
    assertThat(s.key()).isEmpty();
    assertThat(s.format()).isEqualTo("binary");
    assertThat(s.usesKey()).isFalse();
    assertThat(s.path()).isEqualTo("/etc/x");
    assertThat(s.restartUnits()).containsExactly("a.service");
    assertThat(s.reloadUnits()).containsExactly("b.service");
    assertThat(s.toBuilder().build()).isEqualTo(s);
    TemplateSpec t = m.template("t").orElseThrow();
    assertThat(t.path()).isEqualTo("/srv/app/secrets/rendered/t");
    assertThat(t.uid()).isEqualTo(7);
    assertThat(t.toBuilder().build()).isEqualTo(t);
    assertThat(m.placeholderFor("x")).isEqualTo("@@X@@");
    assertThat(m.placeholderFor("y")).isEqualTo(Placeholders.sopsNix("y"));
  }

  @Test
  void collectionsAreCopiedAndUnmodifiable() {
    List<String> units = new ArrayList<>(List.of("a"));
    SecretSpec s = new SecretSpec("n", null, null, null, null, 0, 0, "/f", null, null, units, null);
    units.add("b");
    assertThat(s.restartUnits()).containsExactly("a");
    Manifest m = Manifest.builder().secret(s).build();
    assertThatThrownBy(() -> m.secrets().add(s)).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> m.secrets().get(0).restartUnits().add("c"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void runtimeDirExpansionAsSopsNixUserMode() {
    Manifest m = Manifest.builder().userMode(true).secretsMountPoint("%r/secrets.d")
        .symlinkPath("%r/secrets")
        .secret(SecretSpec.builder("a").sopsFile("/f").build())
        .secret(SecretSpec.builder("b").sopsFile("/f").path("/home/u/100%%-%r/b").build())
        .build();
    Manifest e = m.withRuntimeDir("/run/user/1000");
    assertThat(e.secretsMountPoint()).isEqualTo("/run/user/1000/secrets.d");
    assertThat(e.symlinkPath()).isEqualTo("/run/user/1000/secrets");
    assertThat(e.secret("a").orElseThrow().path()).isEqualTo("/run/user/1000/secrets/a");
    assertThat(e.secret("b").orElseThrow().path()).isEqualTo("/home/u/100%-/run/user/1000/b");
    assertThat(Manifest.expandRuntimeDir("%%r", "/x")).isEqualTo("%r");
  }

  @Test
  void modeBitsAndFormatNeedAValidSpec() {
    SecretSpec bad = SecretSpec.builder("n").mode("0999").format("toml").build();
    assertThatThrownBy(bad::modeBits).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("secret 'n'");
    assertThatThrownBy(bad::sopsFormat).isInstanceOf(IllegalStateException.class);
    assertThat(FileModes.parse("07777")).hasValue(07777);
    assertThat(FileModes.parse("0")).hasValue(0);
    assertThat(FileModes.parse("010000")).isEmpty();
    assertThat(FileModes.parse("")).isEmpty();
    assertThat(FileModes.parse("0o400")).isEmpty();
    assertThat(FileModes.parse("-400")).isEmpty();
  }

  @Test
  void secretsAreGroupedBySopsFileForOneDecryptionEach() {
    Manifest m = Manifest.builder()
        .secret(SecretSpec.builder("a").sopsFile("/s/one.yaml").key("x/y").build())
        .secret(SecretSpec.builder("b").sopsFile("/s/two.yaml").build())
        .secret(SecretSpec.builder("c").sopsFile("/s/one.yaml").key("").build())
        .build();
    assertThat(m.secretsBySopsFile()).containsOnlyKeys("/s/one.yaml", "/s/two.yaml");
    assertThat(m.secretsBySopsFile().keySet()).containsExactly("/s/one.yaml", "/s/two.yaml");
    assertThat(m.secretsBySopsFile().get("/s/one.yaml")).extracting(SecretSpec::name)
        .containsExactly("a", "c");
    assertThat(m.secret("a").orElseThrow().keyPath().steps()).containsExactly("x", "y");
    assertThat(m.secret("c").orElseThrow().keyPath().isRoot()).isTrue();
  }
}
