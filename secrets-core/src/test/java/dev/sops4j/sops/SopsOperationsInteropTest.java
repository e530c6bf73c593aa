package dev.sops4j.sops;

import static dev.sops4j.sops.OpsFixture.encrypt;
import static dev.sops4j.sops.OpsFixture.ring;
import static dev.sops4j.sops.OpsFixture.to;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sops4j.age.AgeKeys;
import dev.sops4j.age.X25519Identity;
import dev.sops4j.sops.format.Format;
import dev.sops4j.ssh.ProcessRunner;
import dev.sops4j.testsupport.Peers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/** The npm {@code sops-age} decoder, an independent reader, opens files after updatekeys, rotate and set. */
class SopsOperationsInteropTest {
  @TempDir Path dir;

  private final X25519Identity alice = X25519Identity.generate();
  private final X25519Identity bob = X25519Identity.generate();

  @SuppressWarnings("unchecked")
  @Test
  void sopsAgeReadsFilesAfterEachOperation() throws Exception {
    Path peers = Peers.npmPackage("sops-age");
    Path node = Peers.executable("node");
    byte[] yaml = encrypt(OpsFixture.YAML, Format.YAML, to(alice));
    byte[] updated = Sops.updateKeys(yaml, "s.yaml", Format.YAML, ring(alice), to(bob)).file();
    byte[] rotated = Sops.rotate(updated, "s.yaml", Format.YAML, ring(bob));
    byte[] set = Sops.set(rotated, "s.yaml", Format.YAML, ring(bob), SopsPath.parseExtract("[\"db\"][\"user\"]"),
        Sops.parseSetValue("\"root\"", "value"));
    byte[] json = Sops.set(encrypt(OpsFixture.JSON, Format.JSON, to(bob)), "s.json", Format.JSON, ring(bob),
        SopsPath.parseExtract("[\"nested\"][\"list\"][2]"), Sops.parseSetValue("{\"k\": 3}", "value"));
    byte[] env = Sops.set(encrypt(OpsFixture.DOTENV, Format.DOTENV, to(bob)), "s.env", Format.DOTENV, ring(bob),
        SopsPath.parseExtract("[\"NEW\"]"), Sops.parseSetValue("\"n-1\"", "value"));
    Files.write(dir.resolve("updated.yaml"), updated);
    Files.write(dir.resolve("rotated.yaml"), rotated);
    Files.write(dir.resolve("set.yaml"), set);
    Files.write(dir.resolve("set.json"), json);
    Files.write(dir.resolve("set.env"), env);
    Path driver = dir.resolve("decrypt.mjs");
    Files.writeString(driver, """
        import { createRequire } from "node:module";
        import { join } from "node:path";
        import { pathToFileURL } from "node:url";
        const [peers, key, ...files] = process.argv.slice(2);
        const req = createRequire(join(peers, "node_modules", "sops-age", "package.json"));
        const { decryptSops } = await import(pathToFileURL(req.resolve("sops-age")).href);
        const out = {};
        for (const path of files) {
          out[path.split("/").pop()] = await decryptSops({ path, secretKey: key });
        }
        process.stdout.write(JSON.stringify(out));
        """);
    String secretKey = AgeKeys.identityFileText(bob.encode(), bob.recipient().encode(), Instant.EPOCH)
        .lines().filter(l -> l.startsWith("AGE-SECRET-KEY-")).findFirst().orElseThrow();
    List<String> command = new java.util.ArrayList<>(List.of(node.toString(), driver.toString(), peers.toString(),
        secretKey));
    for (String name : List.of("updated.yaml", "rotated.yaml", "set.yaml", "set.json", "set.env")) {
      command.add(dir.resolve(name).toString());
    }
    String stdout = ProcessRunner.runOk(dir, command, null).stdoutText();

    Map<String, Object> all = (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromString(stdout);
    for (String name : List.of("updated.yaml", "rotated.yaml")) {
      Map<String, Object> db = (Map<String, Object>) ((Map<String, Object>) all.get(name)).get("db");
      assertThat(db).as(name).containsEntry("user", "app").containsEntry("password", "s3cr3t: with colon")
          .containsEntry("port", 5432).containsEntry("enabled", true);
    }
    Map<String, Object> afterSet = (Map<String, Object>) all.get("set.yaml");
    assertThat((Map<String, Object>) afterSet.get("db")).containsEntry("user", "root").containsEntry("port", 5432);
    assertThat(afterSet.get("hosts")).isEqualTo(List.of("alpha", "beta"));
    Map<String, Object> fromJson = (Map<String, Object>) all.get("set.json");
    assertThat(((Map<?, ?>) fromJson.get("nested")).get("list")).isEqualTo(List.of(1, "two", Map.of("k", 3)));
    assertThat((Map<String, Object>) all.get("set.env")).containsEntry("API_KEY", "k-123").containsEntry("NEW", "n-1");
  }
}
