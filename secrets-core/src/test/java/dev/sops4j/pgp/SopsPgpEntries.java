package dev.sops4j.pgp;

import dev.sops4j.testsupport.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The {@code pgp} master keys of the SOPS fixtures with the data key the derived files list: reads
 * YAML/JSON metadata with snakeyaml-engine and dotenv/INI flattened metadata with regexes.
 */
final class SopsPgpEntries {
  /** One {@code pgp} entry of one fixture. */
  record Entry(String file, String fp, String enc, String dataKeyHex) {
    @Override
    public String toString() {
      return file + " " + fp;
    }
  }

  private static final Pattern FLAT = Pattern.compile(
      "^(?:sops_)?pgp__list_(\\d+)__map_(fp|enc)\\s*=\\s*(\"\"\"[\\s\\S]*?\"\"\"|.*)$", Pattern.MULTILINE);

  private SopsPgpEntries() {}

  /** Every pgp entry of every fixture that has a derived file. */
  static List<Entry> all() throws IOException {
    List<Entry> out = new ArrayList<>();
    List<Path> derived;
    try (Stream<Path> files = Files.list(Fixtures.path("derived"))) {
      derived = files.filter(p -> p.getFileName().toString().endsWith(".derived.txt")).sorted().toList();
    }
    for (Path d : derived) {
      List<String> lines = Files.readAllLines(d);
      String origin = lines.get(0).substring(2).split("\\s+")[0];
      String repo = origin.substring(0, origin.indexOf(':'));
      String file = repo + "/" + origin.substring(origin.indexOf(':') + 1);
      String dataKey = lines.stream().filter(l -> l.startsWith("datakey_hex=")).findFirst().orElseThrow()
          .substring("datakey_hex=".length());
      out.addAll(entries(Fixtures.path(file), file, dataKey));
    }
    return out;
  }

  static List<Entry> entries(Path path, String name, String dataKey) throws IOException {
    String text = Files.readString(path);
    String fileName = path.getFileName().toString();
    if (fileName.endsWith(".env") || fileName.endsWith(".ini")) {
      return flatEntries(text, name, dataKey);
    }
    Map<?, ?> doc = (Map<?, ?>) new Load(LoadSettings.builder().build()).loadFromString(text);
    Map<?, ?> sops = (Map<?, ?>) doc.get("sops");
    List<Entry> out = new ArrayList<>();
    addPgp(sops.get("pgp"), name, dataKey, out);
    if (sops.get("key_groups") instanceof List<?> groups) {
      for (Object g : groups) {
        addPgp(((Map<?, ?>) g).get("pgp"), name, dataKey, out);
      }
    }
    return out;
  }

  private static void addPgp(Object list, String name, String dataKey, List<Entry> out) {
    if (list instanceof List<?> keys) {
      for (Object k : keys) {
        Map<?, ?> m = (Map<?, ?>) k;
        out.add(new Entry(name, (String) m.get("fp"), (String) m.get("enc"), dataKey));
      }
    }
  }

  private static List<Entry> flatEntries(String text, String name, String dataKey) {
    Map<Integer, String[]> byIndex = new java.util.TreeMap<>();
    Matcher m = FLAT.matcher(text);
    while (m.find()) {
      String[] pair = byIndex.computeIfAbsent(Integer.parseInt(m.group(1)), i -> new String[2]);
      String value = m.group(3).strip();
      if (value.startsWith("\"\"\"")) {
        value = value.substring(3, value.length() - 3);
      } else {
        value = value.replace("\\n", "\n");
      }
      pair[m.group(2).equals("fp") ? 0 : 1] = value;
    }
    List<Entry> out = new ArrayList<>();
    byIndex.values().forEach(p -> out.add(new Entry(name, p[0], p[1], dataKey)));
    return out;
  }
}
