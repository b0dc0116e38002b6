package dev.replicator.config;

import com.fasterxml.jackson.core.JsonToken;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A YAML document as a tree whose every node knows its line, with anchors, aliases and merge keys
 * ({@code <<: *defaults}, {@code <<: [*a, *b]}) resolved as YAML 1.1 and Litestream's YAML library resolve them: a
 * mapping's own keys win over merged ones, and an earlier merged mapping over a later one. A key written twice in one
 * mapping is refused; so is an alias before its anchor, and aliases that expand past {@link #MAX_NODES} values (the
 * "billion laughs").
 */
final class YamlTree {

    static final int MAX_NODES = 100_000;

    sealed interface Node permits Scalar, Mapping, Sequence {
        int line();
    }

    /** @param token the scalar's kind as Jackson read it (string, number, boolean, null); {@code text} as written */
    record Scalar(JsonToken token, String text, int line) implements Node {
    }

    /** Keys in the order written; each entry keeps its key's line. */
    record Mapping(LinkedHashMap<String, Entry> entries, int line) implements Node {

        Node get(String key) {
            Entry entry = entries.get(key);
            return entry == null ? null : entry.value();
        }
    }

    record Entry(Node value, int keyLine) {
    }

    record Sequence(List<Node> items, int line) implements Node {
    }

    private final Map<org.yaml.snakeyaml.nodes.Node, Node> converted = new IdentityHashMap<>();
    private final Set<org.yaml.snakeyaml.nodes.Node> inProgress = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Set<Node> aliased = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Map<Node, String> anchoredAt = new IdentityHashMap<>();
    private final String source;
    private Node root;
    private int nodes;

    private YamlTree(String source) {
        this.source = source;
    }

    /**
     * The one document in {@code text}; null when it holds none.
     *
     * @throws org.yaml.snakeyaml.error.YAMLException on a syntax error
     */
    static YamlTree read(String text, String source) {
        Iterator<org.yaml.snakeyaml.nodes.Node> documents = new Yaml(new LoaderOptions()).composeAll(
                new StringReader(text)).iterator();
        if (!documents.hasNext()) {
            return null;
        }
        YamlTree tree = new YamlTree(source);
        tree.root = tree.convert(documents.next(), "");
        if (documents.hasNext()) {
            throw tree.error(line(documents.next()), "a second YAML document starts here; keep the whole config in one "
                    + "document");
        }
        return tree;
    }

    Node root() {
        return root;
    }

    /** Whether {@code path} is where an anchor is written whose value an alias repeats elsewhere. */
    boolean definesShared(String path, Node node) {
        return aliased.contains(node) && path.equals(anchoredAt.get(node));
    }

    private Node convert(org.yaml.snakeyaml.nodes.Node yaml, String path) {
        Node done = converted.get(yaml);
        if (done != null) { // a second visit: an alias
            count(done, line(yaml));
            aliased.add(done);
            return done;
        }
        if (!inProgress.add(yaml)) {
            throw error(line(yaml), (path.isEmpty() ? "" : path + ": ") + "an alias refers to a value that contains "
                    + "it; write the value out");
        }
        Node node;
        if (yaml instanceof MappingNode mapping) {
            node = mapping(mapping, path);
        } else if (yaml instanceof SequenceNode sequence) {
            List<Node> items = new ArrayList<>();
            for (org.yaml.snakeyaml.nodes.Node item : sequence.getValue()) {
                items.add(convert(item, path + "[" + items.size() + "]"));
            }
            node = new Sequence(items, line(yaml));
        } else {
            ScalarNode scalar = (ScalarNode) yaml;
            node = new Scalar(kind(scalar), scalar.getValue(), line(yaml));
        }
        inProgress.remove(yaml);
        converted.put(yaml, node);
        if (yaml.getAnchor() != null) {
            anchoredAt.put(node, path);
        }
        nodes++;
        return node;
    }

    private Mapping mapping(MappingNode yaml, String path) {
        LinkedHashMap<String, Entry> own = new LinkedHashMap<>();
        List<Mapping> merged = new ArrayList<>();
        for (NodeTuple tuple : yaml.getValue()) {
            int keyLine = line(tuple.getKeyNode());
            if (!(tuple.getKeyNode() instanceof ScalarNode keyNode)) {
                throw error(keyLine, (path.isEmpty() ? "" : path + ": ") + "a key must be a plain word, not a list "
                        + "or a mapping");
            }
            String key = keyNode.getValue();
            String keyPath = path.isEmpty() ? key : path + "." + key;
            Node value = convert(tuple.getValueNode(), keyPath);
            if (keyNode.getTag().equals(Tag.MERGE)) {
                merged.addAll(mergeSources(value, keyPath, keyLine));
            } else if (own.putIfAbsent(key, new Entry(value, keyLine)) != null) {
                throw error(keyLine, "key " + keyPath + " appears twice (lines " + own.get(key).keyLine() + " and "
                        + keyLine + "); keep one");
            }
        }
        LinkedHashMap<String, Entry> all = new LinkedHashMap<>(own);
        for (Mapping source : merged) {
            source.entries().forEach(all::putIfAbsent);
        }
        return new Mapping(all, line(yaml));
    }

    /** Numbers, booleans and null as Jackson's YAML reader tells them apart; the rest is text. */
    private static JsonToken kind(ScalarNode scalar) {
        if (!scalar.isPlain()) {
            return JsonToken.VALUE_STRING;
        }
        Tag tag = scalar.getTag();
        if (tag.equals(Tag.INT) || tag.equals(Tag.FLOAT)) {
            return JsonToken.VALUE_NUMBER_INT;
        } else if (tag.equals(Tag.NULL)) {
            return JsonToken.VALUE_NULL;
        } else if (tag.equals(Tag.BOOL) && scalar.getValue().equalsIgnoreCase("true")) {
            return JsonToken.VALUE_TRUE;
        } else if (tag.equals(Tag.BOOL) && scalar.getValue().equalsIgnoreCase("false")) {
            return JsonToken.VALUE_FALSE;
        }
        return JsonToken.VALUE_STRING;
    }

    private List<Mapping> mergeSources(Node value, String keyPath, int line) {
        List<Node> sources = value instanceof Sequence list ? list.items() : List.of(value);
        List<Mapping> mappings = new ArrayList<>();
        for (Node source : sources) {
            if (!(source instanceof Mapping mapping)) {
                throw error(line, keyPath + " must name a mapping (<<: *anchor) or a list of them (<<: [*a, *b])");
            }
            mappings.add(mapping);
        }
        return mappings;
    }

    /** An alias repeats its target: counted again, so that nested aliases cannot expand without bound. */
    private void count(Node target, int line) {
        nodes += size(target, MAX_NODES - nodes + 1);
        if (nodes > MAX_NODES) {
            throw error(line, "aliases expand to more than " + MAX_NODES + " values; write the config out");
        }
    }

    private static int size(Node node, int limit) {
        List<Node> children = node instanceof Sequence s ? s.items() : node instanceof Mapping m
                ? m.entries().values().stream().map(Entry::value).toList() : List.of();
        int size = 1;
        for (int i = 0; i < children.size() && size <= limit; i++) {
            size += size(children.get(i), limit - size);
        }
        return size;
    }

    private ConfigException error(int line, String message) {
        return new ConfigException(source + " line " + line + ": " + message);
    }

    private static int line(org.yaml.snakeyaml.nodes.Node node) {
        return node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
    }
}
