/**
 * Command-line tools shipped in the agent's jar for plant IT and for benchmarks: the outbox
 * benchmark and a probe of serial issuing against a core.
 */
package org.unitrace.edge.tools;
