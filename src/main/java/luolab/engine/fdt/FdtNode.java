package luolab.engine.fdt;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * A mutable device tree node: a name, properties in insertion order and children in insertion
 * order. Names are stored as Java strings and encoded as UTF-8 in the blob; the only name the
 * binary format cannot carry is one containing NUL, so that is the only one refused.
 *
 * <p>Nodes built by {@link FdtReader} remember the blob offsets they were parsed from, for hex
 * views. Offsets describe that blob only: replacing a property forgets its offset.
 */
public final class FdtNode {
    private final String name;
    private FdtNode parent;
    private final LinkedHashMap<String, byte[]> properties = new LinkedHashMap<>();
    private final Map<String, Integer> valueOffsets = new HashMap<>();
    private final LinkedHashMap<String, FdtNode> children = new LinkedHashMap<>();
    private final int offset;

    public FdtNode(String name) {
        this(checkName(name, "node"), -1);
    }

    FdtNode(String name, int offset) {
        this.name = name;
        this.offset = offset;
    }

    /** A new root node; the root of a device tree has the empty name (spec 5.4.1). */
    public static FdtNode newRoot() {
        return new FdtNode("");
    }

    public String name() {
        return name;
    }

    public Optional<FdtNode> parent() {
        return Optional.ofNullable(parent);
    }

    public boolean isRoot() {
        return parent == null;
    }

    /** Full path from the top of this node's tree: "/" for the top, "/a/b" below it. */
    public String path() {
        if (parent == null) {
            return "/";
        }
        List<String> parts = new ArrayList<>();
        for (FdtNode n = this; n.parent != null; n = n.parent) {
            parts.add(n.name);
        }
        Collections.reverse(parts);
        return "/" + String.join("/", parts);
    }

    /** Offset of this node's FDT_BEGIN_NODE token from the start of the blob, or -1. */
    public int offset() {
        return offset;
    }

    // ---- properties ----------------------------------------------------------------------

    /** Sets (or replaces, keeping its position) a property to a copy of {@code value}. */
    public FdtNode setProperty(String name, byte[] value) {
        checkName(name, "property");
        properties.put(name, Objects.requireNonNull(value, "value").clone());
        valueOffsets.remove(name);
        return this;
    }

    /** A string property: UTF-8 bytes plus the terminating NUL the format requires (spec 2.2.4). */
    public FdtNode setString(String name, String value) {
        byte[] utf8 = Objects.requireNonNull(value, "value").getBytes(StandardCharsets.UTF_8);
        return setProperty(name, Arrays.copyOf(utf8, utf8.length + 1));
    }

    /** One big-endian cell, the FDT {@code <u32>} convention. */
    public FdtNode setU32BE(String name, int value) {
        return setProperty(name, ByteBuffer.allocate(4).putInt(value).array());
    }

    /** A big-endian u64 (two cells, {@code /bits/ 64 <...>}). */
    public FdtNode setU64BE(String name, long value) {
        return setProperty(name, ByteBuffer.allocate(8).putLong(value).array());
    }

    /**
     * A little-endian u64. Linux KHO stores {@code phys_addr_t} values with
     * {@code fdt_setprop(fdt, off, name, &phys, sizeof(phys))}, i.e. in the CPU's native (x86/arm64
     * little-endian) byte order rather than as cells.
     */
    public FdtNode setU64LE(String name, long value) {
        return setProperty(name, ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(value).array());
    }

    public boolean hasProperty(String name) {
        return properties.containsKey(name);
    }

    /** A copy of the value. */
    public Optional<byte[]> getProperty(String name) {
        byte[] v = properties.get(name);
        return v == null ? Optional.empty() : Optional.of(v.clone());
    }

    /**
     * The text up to the first NUL. Empty if the property is absent or has no NUL at all, the
     * same condition under which Linux {@code of_property_read_string()} fails with -EILSEQ.
     */
    public Optional<String> getString(String name) {
        byte[] v = properties.get(name);
        if (v == null) {
            return Optional.empty();
        }
        for (int i = 0; i < v.length; i++) {
            if (v[i] == 0) {
                return Optional.of(new String(v, 0, i, StandardCharsets.UTF_8));
            }
        }
        return Optional.empty();
    }

    /** Present only for a value of exactly 4 bytes, as kernel readers insist on the length. */
    public OptionalInt getU32BE(String name) {
        byte[] v = properties.get(name);
        return v == null || v.length != 4 ? OptionalInt.empty() : OptionalInt.of(ByteBuffer.wrap(v).getInt());
    }

    /** Present only for a value of exactly 8 bytes. */
    public OptionalLong getU64BE(String name) {
        byte[] v = properties.get(name);
        return v == null || v.length != 8 ? OptionalLong.empty() : OptionalLong.of(ByteBuffer.wrap(v).getLong());
    }

    /** Present only for a value of exactly 8 bytes; see {@link #setU64LE}. */
    public OptionalLong getU64LE(String name) {
        byte[] v = properties.get(name);
        return v == null || v.length != 8
                ? OptionalLong.empty()
                : OptionalLong.of(ByteBuffer.wrap(v).order(ByteOrder.LITTLE_ENDIAN).getLong());
    }

    public boolean removeProperty(String name) {
        valueOffsets.remove(name);
        return properties.remove(name) != null;
    }

    public List<String> propertyNames() {
        return List.copyOf(properties.keySet());
    }

    public int propertyCount() {
        return properties.size();
    }

    /** Snapshots of all properties, in order. */
    public List<FdtProperty> properties() {
        List<FdtProperty> out = new ArrayList<>(properties.size());
        properties.forEach((n, v) -> out.add(new FdtProperty(n, v, valueOffsets.getOrDefault(n, -1))));
        return out;
    }

    public Optional<FdtProperty> property(String name) {
        byte[] v = properties.get(name);
        return v == null ? Optional.empty() : Optional.of(new FdtProperty(name, v, valueOffsets.getOrDefault(name, -1)));
    }

    /** Offset of the property's value bytes from the start of the parsed blob, if known. */
    public OptionalInt propertyValueOffset(String name) {
        Integer off = valueOffsets.get(name);
        return off == null ? OptionalInt.empty() : OptionalInt.of(off);
    }

    // ---- children ------------------------------------------------------------------------

    public List<FdtNode> children() {
        return List.copyOf(children.values());
    }

    public Optional<FdtNode> child(String name) {
        return Optional.ofNullable(children.get(name));
    }

    /**
     * Adds an empty child. Like libfdt {@code fdt_add_subnode()}, a sibling of the same name is
     * an error ({@link FdtError#EXISTS}), not a replacement.
     */
    public FdtNode addChild(String name) throws FdtException {
        return addChild(new FdtNode(name));
    }

    /** Adopts a detached node (one without a parent) as the last child. */
    public FdtNode addChild(FdtNode node) throws FdtException {
        Objects.requireNonNull(node, "node");
        if (node.parent != null) {
            throw new IllegalArgumentException("node " + node.path() + " already has a parent");
        }
        for (FdtNode n = this; n != null; n = n.parent) {
            if (n == node) {
                throw new IllegalArgumentException("adding " + node.name + " would create a cycle");
            }
        }
        if (children.containsKey(node.name)) {
            throw new FdtException(FdtError.EXISTS, path() + " already has a child named \"" + node.name + "\"");
        }
        children.put(node.name, node);
        node.parent = this;
        return node;
    }

    /** Detaches the named child; it becomes the root of its own tree. */
    public boolean removeChild(String name) {
        FdtNode removed = children.remove(name);
        if (removed == null) {
            return false;
        }
        removed.parent = null;
        return true;
    }

    /**
     * Looks up a node by path with libfdt {@code fdt_path_offset()} rules: repeated '/' are
     * skipped, and a component without '@' also matches the first child whose name is that
     * component followed by a unit address ("memory" finds "memory@0"). A leading '/' starts at
     * the top of this node's tree; otherwise the path is relative to this node (there are no
     * aliases here).
     */
    public Optional<FdtNode> lookup(String path) {
        Objects.requireNonNull(path, "path");
        FdtNode node = this;
        if (path.startsWith("/")) {
            while (node.parent != null) {
                node = node.parent;
            }
        }
        for (String component : path.split("/")) {
            if (component.isEmpty()) {
                continue;
            }
            node = node.subnode(component);
            if (node == null) {
                return Optional.empty();
            }
        }
        return Optional.of(node);
    }

    /** libfdt {@code fdt_subnode_offset_namelen()} + {@code fdt_nodename_eq_()}. */
    private FdtNode subnode(String component) {
        FdtNode exact = children.get(component);
        if (exact != null || component.indexOf('@') >= 0) {
            return exact;
        }
        for (FdtNode c : children.values()) {
            if (c.name.length() > component.length()
                    && c.name.startsWith(component)
                    && c.name.charAt(component.length()) == '@') {
                return c;
            }
        }
        return null;
    }

    // ---- whole-tree helpers --------------------------------------------------------------

    /** A detached deep copy, offsets included. */
    public FdtNode copy() {
        FdtNode c = new FdtNode(name, offset);
        properties.forEach((n, v) -> c.properties.put(n, v.clone()));
        c.valueOffsets.putAll(valueOffsets);
        for (FdtNode child : children.values()) {
            FdtNode cc = child.copy();
            cc.parent = c;
            c.children.put(cc.name, cc);
        }
        return c;
    }

    /**
     * Structural equality: same name, same properties with equal values in the same order, and
     * pairwise content-equal children in the same order. Offsets and parents are ignored.
     */
    public boolean contentEquals(FdtNode other) {
        if (other == null || !name.equals(other.name) || properties.size() != other.properties.size()
                || children.size() != other.children.size()) {
            return false;
        }
        Iterator<Map.Entry<String, byte[]>> a = properties.entrySet().iterator();
        Iterator<Map.Entry<String, byte[]>> b = other.properties.entrySet().iterator();
        while (a.hasNext()) {
            Map.Entry<String, byte[]> x = a.next();
            Map.Entry<String, byte[]> y = b.next();
            if (!x.getKey().equals(y.getKey()) || !Arrays.equals(x.getValue(), y.getValue())) {
                return false;
            }
        }
        Iterator<FdtNode> c = children.values().iterator();
        Iterator<FdtNode> d = other.children.values().iterator();
        while (c.hasNext()) {
            if (!c.next().contentEquals(d.next())) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "FdtNode[" + path() + ", " + properties.size() + " properties, " + children.size() + " children]";
    }

    // ---- parser hooks: no copies, no validation beyond what the parser reports itself ------

    /** False if a property of that name already exists. */
    boolean putParsedProperty(String name, byte[] value, int valueOffset) {
        if (properties.putIfAbsent(name, value) != null) {
            return false;
        }
        valueOffsets.put(name, valueOffset);
        return true;
    }

    /** False if a child of that name already exists. */
    boolean attachParsedChild(FdtNode child) {
        if (children.putIfAbsent(child.name, child) != null) {
            return false;
        }
        child.parent = this;
        return true;
    }

    Map<String, byte[]> rawProperties() {
        return Collections.unmodifiableMap(properties);
    }

    Iterable<FdtNode> rawChildren() {
        return Collections.unmodifiableCollection(children.values());
    }

    private static String checkName(String name, String what) {
        Objects.requireNonNull(name, what + " name");
        if (name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException(what + " name contains NUL: " + name.replace("\0", "\\0"));
        }
        return name;
    }
}
