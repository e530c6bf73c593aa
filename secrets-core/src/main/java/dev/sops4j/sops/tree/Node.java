package dev.sops4j.sops.tree;

/**
 * A node of a SOPS document tree: a mapping, a sequence, a comment or a typed scalar. The tree keeps
 * the document order of keys, items and comments, which the MAC and every emitter rely on.
 *
 * <p>Scalars and comments may hold secret values: their {@code toString} never prints the value.
 */
public sealed interface Node permits Mapping, Sequence, Comment, Scalar {
}
