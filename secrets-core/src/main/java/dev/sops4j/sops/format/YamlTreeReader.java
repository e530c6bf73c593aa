package dev.sops4j.sops.format;

import dev.sops4j.sops.SopsParseException;
import dev.sops4j.sops.tree.Comment;
import dev.sops4j.sops.tree.Field;
import dev.sops4j.sops.tree.Mapping;
import dev.sops4j.sops.tree.Node;
import dev.sops4j.sops.tree.Scalar;
import dev.sops4j.sops.tree.Sequence;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.comments.CommentType;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.events.AliasEvent;
import org.snakeyaml.engine.v2.events.CollectionStartEvent;
import org.snakeyaml.engine.v2.events.CommentEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.NodeEvent;
import org.snakeyaml.engine.v2.events.ScalarEvent;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.ReaderException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;

/**
 * Reads YAML text into SOPS documents the way sops' YAML store reads go-yaml v3 nodes: every document a
 * mapping, duplicate and non-string keys rejected, aliases expanded ({@code <<} stays a plain key), and
 * comments kept as {@link Comment} members of the mapping or sequence where go-yaml attaches them
 * (line comments before their item, comments that end an indented block inside that block when they are
 * indented at least as far as its entries, otherwise before the following item).
 *
 * <p>Messages never contain scalar values: only the source, line, key path and what is wrong.
 */
final class YamlTreeReader {
  private final String source;
  private final List<MapFrame> roots = new ArrayList<>();
  private final Deque<Frame> stack = new ArrayDeque<>();
  private final List<PendingComment> pending = new ArrayList<>();
  private final Map<String, Object> anchors = new HashMap<>();
  private MapFrame root;
  private Last last;
  private int lastContentLine = -1;

  private YamlTreeReader(String source) {
    this.source = source;
  }

  /** Parses every document of {@code data}; an input without documents gives one empty mapping. */
  static List<Mapping> read(byte[] data, String source) throws SopsParseException {
    return new YamlTreeReader(source).run(decode(data, source));
  }

  private record PendingComment(String text, int line, int column) {
  }

  private abstract static class Frame {
    final int column;
    final boolean flow;
    final List<Object> members = new ArrayList<>();
    boolean indentless;

    Frame(int column, boolean flow) {
      this.column = column;
      this.flow = flow;
    }
  }

  private static final class Slot {
    final String key;
    final int line;
    /** A plain {@code <<} key: go-yaml checks its value as a merge even though sops keeps it as a key. */
    final boolean merge;
    Object value;

    Slot(String key, int line, boolean merge) {
      this.key = key;
      this.line = line;
      this.merge = merge;
    }
  }

  private static final class MapFrame extends Frame {
    final Map<String, Integer> keyLines = new HashMap<>();
    Slot open;
    String currentKey;

    MapFrame(int column, boolean flow) {
      super(column, flow);
    }
  }

  private static final class SeqFrame extends Frame {
    SeqFrame(int column, boolean flow) {
      super(column, flow);
    }
  }

  /**
   * The last content read, for attaching a comment on the same line. {@code inline}: such a comment is
   * go-yaml's line comment of a scalar (or alias) value or of a sequence item, which sops 3.13 marks
   * inline; after a key or a flow collection it is not.
   */
  private record Last(int line, Frame container, Object item, boolean flowEnd, Frame flowFrame, boolean inline) {
  }

  private List<Mapping> run(String text) throws SopsParseException {
    LoadSettings settings = LoadSettings.builder().setParseComments(true).setLabel(source)
        .setCodePointLimit(Integer.MAX_VALUE).build();
    ParserImpl parser = new ParserImpl(settings, new StreamReader(settings, text));
    Event event = null;
    try {
      while (parser.hasNext()) {
        event = parser.next();
        handle(event);
      }
    } catch (MarkedYamlEngineException e) {
      Mark mark = e.getProblemMark().or(e::getContextMark).orElse(null);
      throw new SopsParseException(source, mark == null ? 0 : mark.getLine() + 1, path(),
          "invalid YAML: " + (e.getContext() == null ? "" : e.getContext() + ": ") + e.getProblem());
    } catch (ReaderException e) {
      int line = (int) text.codePoints().limit(e.getPosition()).filter(c -> c == '\n').count() + 1;
      throw new SopsParseException(source, line, path(),
          String.format("invalid YAML: control character U+%04X is not allowed", e.getCodePoint()));
    } catch (YamlEngineException e) {
      throw new SopsParseException(source, event == null ? 0 : line(event.getStartMark()), path(),
          "invalid YAML: " + e.getClass().getSimpleName());
    }
    if (!pending.isEmpty()) {
      MapFrame target = roots.isEmpty() ? newRoot() : roots.get(roots.size() - 1);
      flushPending(target.members, target.members.size());
    }
    if (roots.isEmpty()) {
      newRoot();
    }
    Map<Object, Node> done = new IdentityHashMap<>();
    List<Mapping> documents = new ArrayList<>();
    for (MapFrame frame : roots) {
      documents.add((Mapping) finish(frame, done));
    }
    return documents;
  }

  private MapFrame newRoot() {
    MapFrame frame = new MapFrame(0, false);
    roots.add(frame);
    return frame;
  }

  private void handle(Event event) throws SopsParseException {
    switch (event.getEventId()) {
      case DocumentStart -> {
        root = null;
        last = null;
        anchors.clear();
      }
      case DocumentEnd -> {
        MapFrame doc = root == null ? new MapFrame(0, false) : root;
        if (root == null) {
          roots.add(doc);
        }
        flushPending(doc.members, doc.members.size());
        root = null;
      }
      case Comment -> comment((CommentEvent) event);
      case Scalar -> scalar((ScalarEvent) event);
      case Alias -> alias((AliasEvent) event);
      case MappingStart, SequenceStart -> start((CollectionStartEvent) event);
      case MappingEnd, SequenceEnd -> end(event);
      default -> {
      }
    }
  }

  private void comment(CommentEvent event) {
    if (event.getCommentType() == CommentType.BLANK_LINE) {
      return;
    }
    int line = line(event.getStartMark());
    if (event.getCommentType() == CommentType.IN_LINE && last != null && last.line() == line) {
      Comment c = new Comment(event.getValue(), last.inline());
      if (last.flowEnd() && last.container() instanceof MapFrame) {
        last.flowFrame().members.add(0, c);
      } else if (last.flowEnd() && last.container() == null) {
        last.flowFrame().members.add(0, c);
      } else {
        List<Object> members = last.container().members;
        int at = indexOf(members, last.item());
        members.add(at < 0 ? members.size() : at, c);
      }
      return;
    }
    int column = event.getStartMark().map(Mark::getColumn).orElse(0);
    pending.add(new PendingComment(event.getValue(), line, column));
  }

  private static int indexOf(List<Object> members, Object item) {
    for (int i = members.size() - 1; i >= 0; i--) {
      if (members.get(i) == item) {
        return i;
      }
    }
    return -1;
  }

  private void scalar(ScalarEvent event) throws SopsParseException {
    Scalar value;
    boolean keyPosition = stack.peek() instanceof MapFrame m && m.open == null;
    try {
      value = YamlScalars.resolve(event.getTag().orElse(null), event.getValue(), event.isPlain());
    } catch (YamlScalars.Uint64Exception e) {
      if (keyPosition) {
        throw error(event, "Tree contains a non-string key (type uint64). Only string keys are supported");
      }
      throw error(event, e.getMessage());
    } catch (IllegalArgumentException e) {
      throw error(event, e.getMessage());
    }
    anchor(event, value);
    deliver(value, event);
    int endLine = event.getEndMark().map(m -> m.getColumn() == 0 ? m.getLine() : m.getLine() + 1).orElse(0);
    lastContentLine = Math.max(lastContentLine, endLine);
  }

  private void alias(AliasEvent event) throws SopsParseException {
    String name = event.getAlias().getValue();
    Object target = anchors.get(name);
    if (target == null) {
      throw error(event, "unknown anchor '" + name + "' referenced");
    }
    if (target instanceof Frame f && stack.contains(f)) {
      throw error(event, "anchor '" + name + "' is used inside its own value");
    }
    deliver(target, event);
    lastContentLine = Math.max(lastContentLine, line(event.getStartMark()));
  }

  private void anchor(NodeEvent event, Object value) {
    event.getAnchor().ifPresent(a -> anchors.put(a.getValue(), value));
  }

  /** Places a finished scalar or alias value into the open container. */
  private void deliver(Object value, Event event) throws SopsParseException {
    Frame top = stack.peek();
    int line = line(event.getStartMark());
    if (top == null) {
      if (value instanceof Scalar.Null) {
        root = new MapFrame(0, false);
        roots.add(root);
        flushPending(root.members, 0);
        return;
      }
      throw error(event, "top level must be a mapping (YAML documents that are values are not supported)");
    }
    if (top instanceof MapFrame map) {
      if (map.open == null) {
        if (!(value instanceof Scalar.Str key)) {
          String type = value instanceof Frame ? (value instanceof MapFrame ? "mapping" : "sequence")
              : YamlScalars.tagOf((Scalar) value);
          throw error(event, "Tree contains a non-string key (" + type + "). Only string keys are supported");
        }
        Integer before = map.keyLines.putIfAbsent(key.value(), line);
        if (before != null) {
          throw new SopsParseException(source, line, path(),
              "mapping key \"" + key.value() + "\" already defined at line " + before);
        }
        flushPending(map.members, map.members.size());
        boolean merge = event instanceof ScalarEvent se && se.isPlain() && se.getTag().isEmpty()
            && "<<".equals(se.getValue());
        Slot slot = new Slot(key.value(), line, merge);
        map.members.add(slot);
        map.open = slot;
        map.currentKey = key.value();
        last = new Last(line, map, slot, false, null, false);
      } else {
        Slot slot = map.open;
        slot.value = value;
        map.open = null;
        flushPending(map.members, indexOf(map.members, slot));
        last = new Last(line(event.getEndMark()), map, slot, false, null, true);
      }
    } else {
      flushPending(top.members, top.members.size());
      top.members.add(value);
      last = new Last(line(event.getEndMark()), top, value, false, null, true);
    }
  }

  private void start(CollectionStartEvent event) throws SopsParseException {
    boolean mapping = event.getEventId() == Event.ID.MappingStart;
    int column = event.getStartMark().map(Mark::getColumn).orElse(0);
    boolean flow = event.getFlowStyle() == FlowStyle.FLOW;
    Frame frame = mapping ? new MapFrame(column, flow) : new SeqFrame(column, flow);
    Frame top = stack.peek();
    if (top == null) {
      if (!mapping || root != null) {
        throw error(event, "top level must be a mapping (YAML documents that are sequences are not supported)");
      }
      root = (MapFrame) frame;
      roots.add(root);
      flushPending(frame.members, 0);
    } else if (top instanceof MapFrame map) {
      if (map.open == null) {
        throw error(event, "Tree contains a non-string key (" + (mapping ? "mapping" : "sequence")
            + "). Only string keys are supported");
      }
      map.open.value = frame;
      map.open = null;
      frame.indentless = !mapping && !flow && !map.flow && column == map.column;
      flushPending(frame.members, 0);
    } else {
      flushPending(top.members, top.members.size());
      top.members.add(frame);
    }
    anchor(event, frame);
    stack.push(frame);
  }

  private void end(Event event) {
    Frame frame = stack.pop();
    Frame parent = stack.peek();
    if (parent == null || frame.flow) {
      flushPending(frame.members, frame.members.size());
    } else {
      int take = 0;
      int previousLine = lastContentLine;
      for (PendingComment c : pending) {
        if (c.column() < frame.column) {
          break;
        }
        if (frame.indentless && c.line() > previousLine + 1) {
          break;
        }
        previousLine = c.line();
        take++;
      }
      for (int i = 0; i < take; i++) {
        frame.members.add(new Comment(pending.remove(0).text()));
      }
    }
    if (frame.flow) {
      int line = line(event.getEndMark());
      lastContentLine = Math.max(lastContentLine, line);
      last = new Last(line, parent, frame, true, frame, false);
    }
  }

  private void flushPending(List<Object> members, int at) {
    int index = at;
    for (PendingComment c : pending) {
      members.add(index++, new Comment(c.text()));
    }
    pending.clear();
  }

  private Node finish(Object value, Map<Object, Node> done) throws SopsParseException {
    if (value instanceof Node node) {
      return node;
    }
    Node built = done.get(value);
    if (built != null) {
      return built;
    }
    if (value instanceof MapFrame map) {
      List<Mapping.Member> members = new ArrayList<>();
      for (Object m : map.members) {
        if (m instanceof Slot slot) {
          if (slot.merge && !mergeable(slot.value)) {
            throw new SopsParseException(source, slot.line, null,
                "map merge requires map or sequence of maps as the value");
          }
          members.add(new Field(slot.key, slot.value == null ? Scalar.Null.INSTANCE : finish(slot.value, done)));
        } else {
          members.add((Comment) m);
        }
      }
      built = new Mapping(members);
    } else {
      List<Node> items = new ArrayList<>();
      for (Object m : ((SeqFrame) value).members) {
        items.add(finish(m, done));
      }
      built = new Sequence(items);
    }
    done.put(value, built);
    return built;
  }

  private static boolean mergeable(Object value) {
    if (value instanceof MapFrame) {
      return true;
    }
    if (value instanceof SeqFrame seq) {
      return seq.members.stream().allMatch(m -> m instanceof MapFrame || m instanceof Comment);
    }
    return false;
  }

  private String path() {
    List<String> keys = new ArrayList<>();
    Iterator<Frame> it = stack.descendingIterator();
    while (it.hasNext()) {
      Frame f = it.next();
      if (f instanceof MapFrame m && m.currentKey != null) {
        keys.add(m.currentKey);
      }
    }
    return keys.isEmpty() ? null : String.join(":", keys) + ":";
  }

  private SopsParseException error(Event event, String problem) {
    return new SopsParseException(source, line(event.getStartMark()), path(), problem);
  }

  private static int line(Optional<Mark> mark) {
    return mark.map(m -> m.getLine() + 1).orElse(0);
  }

  /** UTF-8 (BOM skipped) or UTF-16 with a BOM, as go-yaml reads them; malformed UTF-8 is refused. */
  static String decode(byte[] data, String source) throws SopsParseException {
    int n = data.length;
    if (n >= 2 && (data[0] & 0xff) == 0xfe && (data[1] & 0xff) == 0xff) {
      return new String(data, 2, n - 2, StandardCharsets.UTF_16BE);
    }
    if (n >= 2 && (data[0] & 0xff) == 0xff && (data[1] & 0xff) == 0xfe) {
      return new String(data, 2, n - 2, StandardCharsets.UTF_16LE);
    }
    int offset = n >= 3 && (data[0] & 0xff) == 0xef && (data[1] & 0xff) == 0xbb && (data[2] & 0xff) == 0xbf ? 3 : 0;
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(data, offset, n - offset);
    CharBuffer out = CharBuffer.allocate(n);
    CoderResult result = decoder.decode(in, out, true);
    if (!result.isError()) {
      result = decoder.flush(out);
    }
    if (result.isError()) {
      int line = 1;
      for (int i = offset; i < in.position(); i++) {
        if (data[i] == '\n') {
          line++;
        }
      }
      throw new SopsParseException(source, line, null, "invalid UTF-8 in YAML input");
    }
    out.flip();
    return out.toString();
  }
}
