package dev.sops4j.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.sops4j.ssh.OpenSshKeyParser;
import dev.sops4j.ssh.SshKeyException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Timeout;

/** Fuzz targets for OpenSSH key parsing; {@link SshKeyException} is the only documented failure. */
// Per input: 10 s in regression mode (JUnit), libFuzzer's -timeout when fuzzing (see the fuzz profile)
@Timeout(10)
class SshKeyFuzzTest {
  @FuzzTest(maxDuration = "10m")
  void privateKey(byte[] pem) {
    try {
      OpenSshKeyParser.parsePrivateKey(new String(pem, StandardCharsets.UTF_8), "fuzz_id");
    } catch (SshKeyException documented) {
      // malformed key, or an encrypted key with no passphrase (SshPassphraseException)
    }
  }

  @FuzzTest(maxDuration = "10m")
  void publicKey(byte[] line) {
    try {
      OpenSshKeyParser.parsePublicKey(new String(line, StandardCharsets.UTF_8), "fuzz_id.pub");
    } catch (SshKeyException documented) {
      // malformed authorized_keys line
    }
  }
}
