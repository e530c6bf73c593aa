package dev.sops4j.sops.format;

import dev.sops4j.sops.SopsParseException;
import dev.sops4j.sops.tree.Comment;
import dev.sops4j.sops.tree.Documents;
import dev.sops4j.sops.tree.Field;
import dev.sops4j.sops.tree.Mapping;
import dev.sops4j.sops.tree.Node;
import dev.sops4j.sops.tree.Scalar;
import dev.sops4j.sops.tree.Sequence;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The INI store ({@code stores/ini/store.go} over gopkg.in/ini.v1, see {@link IniReader}): every
 * section, including the implicit {@code DEFAULT} one that always comes first, is a top-level key
 * whose value is a mapping of string values; sections may repeat. A section's comment becomes the
 * first comment item of its mapping, a key's comment (the comment lines before it, or after its
 * value) the comment item right after the key, with the comment character and following spaces
 * removed.
 *
 * <p>The metadata is the {@code [sops]} section, flattened below the top ({@code age__list_0__map_enc
 * = …}) with newlines written as {@code \n}; sops 3.13.0 and 3.13.1 wrote multi-line {@code """…"""}
 * values instead, which read the same. Files written by sops before 3.13.2 end with an extra empty
 * line (older ini.v1), which the writer does not reproduce.
 */
final class IniStore implements Store {
  static final String METADATA_SECTION = "sops";

  @Override
  public Format format() {
    return Format.INI;
  }

  @Override
  public EncryptedFile readEncrypted(byte[] data, String source) throws SopsParseException {
    List<IniReader.Section> sections = IniReader.parse(data, source);
    List<Mapping.Member> kept = new ArrayList<>();
    IniReader.Section metadataSection = null;
    for (IniReader.Section section : sections) {
      if (section.name.equals(METADATA_SECTION)) {
        if (metadataSection != null) {
          throw new SopsParseException(source, section.line, METADATA_SECTION + ":",
              "duplicate [sops] metadata section (first on line " + metadataSection.line + ")");
        }
        metadataSection = section;
      } else {
        kept.add(new Field(section.name, sectionMapping(section)));
      }
    }
    Mapping metadata = Mapping.of();
    if (metadataSection != null) {
      List<MetadataFlattening.FlatEntry> flat = new ArrayList<>();
      for (IniReader.Key key : metadataSection.keys.values()) {
        flat.add(new MetadataFlattening.FlatEntry(
            key.name, new Scalar.Str(key.value.replace("\\n", "\n")), key.line));
      }
      metadata = MetadataFlattening.unflatten(flat, source);
    }
    return new EncryptedFile(Documents.of(new Mapping(kept)), metadata);
  }

  @Override
  public Documents readPlain(byte[] data, String source) throws SopsParseException {
    List<Mapping.Member> members = new ArrayList<>();
    for (IniReader.Section section : IniReader.parse(data, source)) {
      if (section.name.equals(METADATA_SECTION)) {
        throw new SopsParseException(source, section.line, METADATA_SECTION + ":",
            "the file already has a [sops] section: it is encrypted already, or uses the section sops reserves for its metadata");
      }
      members.add(new Field(section.name, sectionMapping(section)));
    }
    return Documents.of(new Mapping(members));
  }

  private static Mapping sectionMapping(IniReader.Section section) {
    List<Mapping.Member> items = new ArrayList<>();
    if (!section.comment.isEmpty()) {
      items.add(new Comment(stripCommentChar(section.comment)));
    }
    for (IniReader.Key key : section.keys.values()) {
      items.add(new Field(key.name, new Scalar.Str(key.value)));
      if (!key.comment.isEmpty()) {
        items.add(new Comment(stripCommentChar(key.comment)));
      }
    }
    return new Mapping(items);
  }

  /** Drops a leading {@code ;} (or {@code #}) and the spaces and further such characters after it. */
  private static String stripCommentChar(String comment) {
    String cutset = comment.startsWith(";") ? "; " : comment.startsWith("#") ? "# " : "";
    int i = 0;
    while (i < comment.length() && cutset.indexOf(comment.charAt(i)) >= 0) {
      i++;
    }
    return comment.substring(i);
  }

  /**
   * Prints every document's sections as ini.v1 writes them; values that are not strings are printed
   * with sops' {@code ValToString} (e.g. {@code 1.0}, {@code true}, RFC 3339 times).
   *
   * @throws IllegalArgumentException for a top-level value that is not a mapping, a nested map or
   *     list inside a section, or an empty section or key name
   */
  @Override
  public byte[] writePlain(Documents documents) {
    List<IniWriter.Section> sections = new ArrayList<>();
    for (Mapping document : documents.documents()) {
      for (Field field : document.fields()) {
        sections.add(section(field));
      }
    }
    return IniWriter.write(sections).getBytes(StandardCharsets.UTF_8);
  }

  private static IniWriter.Section section(Field field) {
    if (field.key().isEmpty()) {
      throw new IllegalArgumentException("INI section names cannot be empty");
    }
    if (!(field.value() instanceof Mapping mapping)) {
      throw new IllegalArgumentException("INI top-level values must be sections (mappings); '"
          + field.key() + "' is not");
    }
    IniWriter.Section section = new IniWriter.Section(field.key());
    List<Mapping.Member> members = mapping.members();
    int first = 0;
    if (!members.isEmpty() && members.get(0) instanceof Comment c) {
      section.comment = c.text();
      first = 1;
    }
    IniWriter.Key last = null;
    for (int i = first; i < members.size(); i++) {
      Mapping.Member member = members.get(i);
      if (member instanceof Comment c) {
        if (last != null) {
          last.comment = c.text();
        }
      } else if (member instanceof Field f) {
        Node value = f.value();
        if (f.key().isEmpty()) {
          throw new IllegalArgumentException("INI key names cannot be empty (section '" + field.key() + "')");
        }
        if (value instanceof Mapping || value instanceof Sequence) {
          throw new IllegalArgumentException("INI values cannot be nested maps or lists; offending key "
              + field.key() + ":" + f.key() + ":");
        }
        last = section.put(f.key(), GoText.valToString(value));
      }
    }
    return section;
  }

  /**
   * Appends the metadata as a last {@code [sops]} section (flattened, newlines as {@code \n}) to
   * every document and prints them.
   *
   * @throws IllegalArgumentException when the data has a section named {@code sops}
   */
  @Override
  public byte[] writeEncrypted(Documents documents, Mapping metadata) {
    List<Mapping.Member> flat = new ArrayList<>();
    for (Field f : MetadataFlattening.flatten(metadata, "")) {
      Node value = f.value() instanceof Scalar.Str s
          ? new Scalar.Str(s.value().replace("\n", "\\n")) : f.value();
      flat.add(new Field(f.key(), value));
    }
    List<Mapping> out = new ArrayList<>();
    for (Mapping document : documents.documents()) {
      if (document.get(METADATA_SECTION).isPresent()) {
        throw new IllegalArgumentException(
            "the data has a section named 'sops', which sops reserves for its metadata");
      }
      List<Mapping.Member> members = new ArrayList<>(document.members());
      members.add(new Field(METADATA_SECTION, new Mapping(flat)));
      out.add(new Mapping(members));
    }
    return writePlain(new Documents(out));
  }
}
