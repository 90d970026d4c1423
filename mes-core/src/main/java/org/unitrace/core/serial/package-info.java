/**
 * Serial number blocks: the core is the one place that hands out ranges of a template's sequence,
 * so serials issued by several line agents never collide, and an agent holding a block keeps
 * serializing while the core is unreachable.
 */
package org.unitrace.core.serial;
