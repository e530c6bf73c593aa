package dev.sops4j.keys;

import dev.sops4j.pgp.PgpKeyException;
import dev.sops4j.pgp.PgpSecretKeys;
import java.util.List;

/** The PGP part of a {@link KeyRing}: its sources, read once, when first needed. Thread-safe. */
final class PgpKeyRing {
  static final PgpKeyRing NONE = new PgpKeyRing(null);

  private final PgpKeySources sources;
  private PgpKeySources.Loaded loaded;

  PgpKeyRing(PgpKeySources sources) {
    this.sources = sources;
  }

  synchronized PgpKeySources.Loaded load() throws PgpKeyException {
    if (loaded == null) {
      loaded = sources == null
          ? new PgpKeySources.Loaded(PgpSecretKeys.empty(), List.of())
          : sources.load();
    }
    return loaded;
  }

  /** The PGP sources looked at so far (none before {@link #load()}). */
  synchronized List<KeySource> loadedSources() {
    return loaded == null ? List.of() : loaded.sources();
  }
}
