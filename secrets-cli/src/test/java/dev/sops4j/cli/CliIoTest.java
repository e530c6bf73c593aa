package dev.sops4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.PrintStream;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CliIoTest {
  @Test
  void toStringNamesVariablesWithoutTheirValues() {
    CliIo io = new CliIo(new ByteArrayInputStream(new byte[0]), new PrintStream(PrintStream.nullOutputStream()),
        new PrintStream(PrintStream.nullOutputStream()), Map.of("SOPS_AGE_KEY", "AGE-SECRET-KEY-1CANARY"),
        Terminal.NONE);

    assertThat(io.toString()).contains("SOPS_AGE_KEY").doesNotContain("CANARY");
  }
}
