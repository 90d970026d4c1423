package org.unitrace.edge.bom;

import java.util.Optional;

/** The BOM of a product revision, as far as the agent knows it now (never blocks on the core). */
@FunctionalInterface
public interface BomLookup {

  Optional<Bom> bom(String partNumber, String revision);

  BomLookup NONE = (partNumber, revision) -> Optional.empty();
}
