/**
 * The SOPS document model: an ordered tree of mappings, sequences, comments and typed scalars that
 * every format reads into and writes from, and that the value cipher and MAC walk in document order.
 */
package dev.sops4j.sops.tree;
