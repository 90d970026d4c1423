/**
 * Issuing serial numbers on the line without ever issuing one twice: the agent takes blocks of a
 * template's sequence from mes-core, keeps a reserve in hand for offline work, and persists its
 * position before each number leaves it, so a crash skips numbers rather than reissuing them.
 */
package org.unitrace.edge.serial;
