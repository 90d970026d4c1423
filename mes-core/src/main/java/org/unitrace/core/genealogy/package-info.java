/**
 * Genealogy: a unit and its timeline, the as-built tree (backward trace, down through
 * sub-assemblies to every lot) and where-used (forward trace, up to every top-level unit).
 */
package org.unitrace.core.genealogy;
