/**
 * Bills of materials as the agent checks bindings against them: fetched from the core and cached,
 * so a line keeps checking parts while the core is away.
 */
package org.unitrace.edge.bom;
