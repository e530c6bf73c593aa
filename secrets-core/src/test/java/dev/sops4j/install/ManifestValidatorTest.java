package dev.sops4j.install;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.sops4j.template.Placeholders;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ManifestValidatorTest {
  private static final TemplateSpec.FileReader NO_FILES = file -> {
    throw new NoSuchFileException(file);
  };

  private static SecretSpec.Builder secret(String name) {
    return SecretSpec.builder(name).sopsFile("/s/secrets.yaml");
  }

  private static List<String> problems(Manifest m) {
    return ManifestValidator.problems(m, NO_FILES).stream().map(ManifestProblem::toString).toList();
  }

  @Test
  void aGoodManifestHasNoProblems() {
    Manifest m = Manifest.builder()
        .secret(secret("db/password").owner("app").build())
        .secret(secret("db/user").uid(1000).gid(1000).mode("0440").build())
        .secret(SecretSpec.builder("blob").sopsFile("/s/x.bin").format("binary").build())
        .template(TemplateSpec.builder("app.env")
            .content("U={{ sops:db/user }}\nP=" + Placeholders.sopsNix("db/password") + "\n")
            .build())
        .build();
    assertThat(problems(m)).isEmpty();
    assertThatCode(() -> m.validate("builder")).doesNotThrowAnyException();
  }

  @Test
  void everyProblemIsCollectedInOneException() {
    Manifest m = Manifest.builder()
        .secretsMountPoint("relative.d").keepGenerations(-1)
        .gnupgHome("/root/.gnupg").ageKeyFile("/k.txt").sshKeyPath("/etc/ssh/rsa")
        .secret(secret("../escape").build())
        .secret(secret("/etc/passwd").build())
        .secret(secret("a//b").build())
        .secret(secret("ok").mode("0999").build())
        .secret(secret("ok").mode("010000").build())
        .secret(SecretSpec.builder("nofile").build())
        .secret(secret("fmt").format("toml").build())
        .secret(secret("both").owner("app").uid(1000).group("app").gid(5).build())
        .template(TemplateSpec.builder("empty").build())
        .template(TemplateSpec.builder("refs")
            .content("{{ sops:missing/one }} {{ sops:ok }} {{ sops:missing/two }}").build())
        .build();
    ManifestException e = catchThrowableOfType(() -> m.validate("m.yaml"), ManifestException.class);
    List<String> p = e.problems().stream().map(ManifestProblem::toString).toList();
    assertThat(p).containsExactly(
        "manifest: secretsMountPoint 'relative.d' is not an absolute path",
        "manifest: keepGenerations is -1; it must be 0 (never prune) or more",
        "manifest: gnupgHome and sshKeyPaths were both specified; they are mutually exclusive",
        "manifest: gnupgHome and ageKeyFile were both specified; they are mutually exclusive",
        "secret '../escape': name has a '..' segment and would escape or alias the generation directory",
        "secret '/etc/passwd': name is absolute; names are relative to the generation directory",
        "secret 'a//b': name has an empty segment (trailing or doubled '/')",
        "secret 'ok': mode '0999' is not an octal number between 0000 and 07777",
        "secret 'ok': is defined more than once",
        "secret 'ok': mode '010000' is not an octal number between 0000 and 07777",
        "secret 'nofile': has no sopsFile",
        "secret 'fmt': unknown format 'toml' (expected one of yaml, json, binary, dotenv, ini)",
        "secret 'both': both owner 'app' and uid 1000 are set; use either owner or leave uid as 0",
        "secret 'both': both group 'app' and gid 5 are set; use either group or leave gid as 0",
        "template 'empty': neither content nor file was specified",
        "template 'refs': unknown secrets 'missing/one' (line 1), 'missing/two' (line 1)");
    assertThat(e.getMessage()).startsWith("manifest m.yaml is not valid (16 problems):\n  - ");
  }

  @Test
  void namesThatCollideWithEachOtherOrWithTheRenderedDirectory() {
    Manifest m = Manifest.builder()
        .secret(secret("app").build())
        .secret(secret("app/db").build())
        .secret(secret("rendered/x").build())
        .secret(secret("./x").build())
        .template(TemplateSpec.builder("t").content("x").build())
        .template(TemplateSpec.builder("t/u").content("x").build())
        .build();
    assertThat(problems(m)).containsExactly(
        "secret 'rendered/x': collides with the directory 'rendered' that holds the rendered templates",
        "secret './x': name has a '.' segment and would escape or alias the generation directory",
        "secret 'app': is a file but secret 'app/db' needs it to be a directory",
        "template 't': is a file but template 't/u' needs it to be a directory");
  }

  @Test
  void pathsMustBeAbsoluteAndDistinct() {
    Manifest m = Manifest.builder()
        .secret(secret("a").path("/etc/app/pw").build())
        .secret(secret("b").path("relative/pw").build())
        .template(TemplateSpec.builder("t").content("x").path("/etc/app/pw").build())
        .build();
    assertThat(problems(m)).containsExactly(
        "secret 'b': path 'relative/pw' is not absolute",
        "template 't': path '/etc/app/pw' is also the path of secret 'a'");
  }

  @Test
  void pathsStayOutOfTheGenerationsAndOffTheLiveLink() {
    Manifest m = Manifest.builder()
        .secret(secret("a").path("/run/secrets.d/1/a").build())
        .secret(secret("b").path("/run/secrets").build())
        .secret(secret("c").path("/run/secrets.d").build())
        .secret(secret("d").path("/run/secrets.dx/d").build())
        .build();
    assertThat(problems(m)).containsExactly(
        "secret 'a': path '/run/secrets.d/1/a' is inside secretsMountPoint '/run/secrets.d', "
            + "where generations are created and pruned",
        "secret 'b': path '/run/secrets' is the symlink path or the mount point itself",
        "secret 'c': path '/run/secrets.d' is the symlink path or the mount point itself");
  }

  @Test
  void userModeAcceptsRuntimeDirPaths() {
    Manifest m = Manifest.builder().userMode(true).secretsMountPoint("%r/secrets.d")
        .symlinkPath("%r/secrets").secret(secret("a").build()).build();
    assertThat(problems(m)).isEmpty();
    Manifest system = Manifest.builder().secretsMountPoint("%r/secrets.d").build();
    assertThat(problems(system)).containsExactly(
        "manifest: secretsMountPoint '%r/secrets.d' is not an absolute path");
  }

  @Test
  void oneSopsFileHasOneFormat() {
    Manifest m = Manifest.builder()
        .secret(secret("a").build())
        .secret(secret("b").format("json").build())
        .build();
    assertThat(problems(m)).containsExactly("secret 'b': defines the format of /s/secrets.yaml as "
        + "json, but it was specified as yaml in secret 'a' before");
  }

  @Test
  void keysWithEmptySegmentsAreReportedOnlyWhereKeysAreUsed() {
    Manifest m = Manifest.builder()
        .secret(secret("a").key("db//pw").build())
        .secret(secret("b").key("").build())
        .secret(SecretSpec.builder("c").sopsFile("/s/c.env").format("dotenv").key("x//y").build())
        .build();
    assertThat(problems(m)).containsExactly(
        "secret 'a': key 'db//pw' has an empty segment (leading, trailing or doubled '/')");
  }

  @Test
  void templateFilesAreReadAndCheckedAndUnreadableOnesReported() {
    Map<String, byte[]> files = Map.of("/tpl/good", "{{ sops:a }}".getBytes(StandardCharsets.UTF_8),
        "/tpl/bad", "{{ sops:nope }}".getBytes(StandardCharsets.UTF_8));
    TemplateSpec.FileReader reader = f -> {
      byte[] b = files.get(f);
      if (b == null) {
        throw new IOException("gone");
      }
      return b;
    };
    Manifest m = Manifest.builder().secret(secret("a").build())
        .template(TemplateSpec.builder("good").file("/tpl/good").build())
        .template(TemplateSpec.builder("bad").file("/tpl/bad").build())
        .template(TemplateSpec.builder("missing").file("/tpl/missing").build())
        .template(TemplateSpec.builder("content-wins").content("{{ sops:a }}").file("/tpl/bad")
            .build())
        .build();
    assertThat(ManifestValidator.problems(m, reader)).extracting(ManifestProblem::toString)
        .containsExactly("template 'bad': unknown secret 'nope' (line 1)",
            "template 'missing': cannot read template file '/tpl/missing' (IOException)");
  }

  @Test
  void customPlaceholdersOfASopsNixManifestCount() {
    Manifest m = Manifest.builder().placeholder("a", "@A@").secret(secret("a").build())
        .template(TemplateSpec.builder("t").content("x=@A@ y=" + Placeholders.sopsNix("zzz"))
            .build())
        .build();
    assertThat(problems(m)).singleElement().asString()
        .startsWith("template 't': unknown secret '<SOPS:");
  }

  @Test
  void templateTextNeverAppearsInProblems() {
    String canary = "literal-CANARY-password";
    Manifest m = Manifest.builder()
        .template(TemplateSpec.builder("t").content(canary + " {{ sops:x }} {{ sops: }}").build())
        .build();
    ManifestException e = catchThrowableOfType(() -> m.validate("m"), ManifestException.class);
    assertThat(e.getMessage()).contains("unknown secret 'x'").contains("malformed placeholder")
        .doesNotContain("CANARY");
  }
}
